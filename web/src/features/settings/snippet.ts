/** The fields a lead form collects, in the order the embeddable form shows them (contacts-service "Lead intake"). */
export const LEAD_FIELDS = [
  { name: 'firstName', type: 'text', required: true },
  { name: 'lastName', type: 'text', required: false },
  { name: 'email', type: 'email', required: false },
  { name: 'phone', type: 'tel', required: false },
  { name: 'company', type: 'text', required: false },
  { name: 'message', type: 'textarea', required: false },
] as const;

export type LeadFieldName = (typeof LEAD_FIELDS)[number]['name'];

export interface SnippetOptions {
  /** Where Pulse answers (the gateway's origin), e.g. https://crm.example.com */
  origin: string;
  formId: string;
  /** The form's key: only known right after creation; a placeholder otherwise. */
  key: string;
  labels: Record<LeadFieldName, string>;
  submitLabel: string;
  thanks: string;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The HTML a site pastes to collect leads: a plain form, and a script that fetches the one-time form token when the
 * page renders (the spam guard's timer), then posts the answers as JSON with the form key. The hidden `website` field is
 * the honeypot; the page's UTM parameters, referrer and address travel with the lead.
 */
export function leadFormSnippet(options: SnippetOptions): string {
  const base = options.origin.replace(/\/$/, '') + '/api/public/lead-forms/' + encodeURIComponent(options.formId);
  const fields = LEAD_FIELDS.map((field) => {
    const label = escapeHtml(options.labels[field.name]);
    const required = field.required ? ' required' : '';
    const control = field.type === 'textarea'
      ? `<textarea name="${field.name}"${required}></textarea>`
      : `<input name="${field.name}" type="${field.type}"${required}>`;
    return `  <label>${label}${field.required ? ' *' : ''}<br>${control}</label><br>`;
  }).join('\n');
  return `<form id="pulse-lead-form">
${fields}
  <input name="website" tabindex="-1" autocomplete="off" style="position:absolute;left:-9999px" aria-hidden="true">
  <button type="submit">${escapeHtml(options.submitLabel)}</button>
</form>
<script>
(function () {
  var form = document.getElementById('pulse-lead-form');
  var base = ${JSON.stringify(base)};
  var token = fetch(base + '/form-token').then(function (r) { return r.json(); });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var lead = {};
    new FormData(form).forEach(function (value, name) { if (value) lead[name] = value; });
    var query = new URLSearchParams(location.search);
    ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'].forEach(function (name) {
      if (query.get(name)) lead[name] = query.get(name);
    });
    if (document.referrer) lead.referrer = document.referrer;
    lead.landingPage = location.href;
    token.then(function (t) {
      lead.formToken = t.token;
      return fetch(base + '/submissions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Form-Key': ${JSON.stringify(options.key)} },
        body: JSON.stringify(lead)
      });
    }).then(function (r) {
      if (r.ok) form.innerHTML = ${JSON.stringify('<p>' + escapeHtml(options.thanks) + '</p>')};
    });
  });
})();
</script>`;
}
