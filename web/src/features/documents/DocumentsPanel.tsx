import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Download, FileText, Mail } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { useUserName } from '@/api/users';
import type { Deal } from '@/features/deals/api';
import { useFormat } from '@/i18n/format';
import { saveFile } from '@/ui/csv';
import { Badge, Button, Dialog, Field, inputClass, ProblemView, Select, Spinner, toast } from '@/ui';
import { documentCalls, useDealDocuments, useTemplates, type DealDocument } from './api';
import styles from './documents.module.css';

/** The deal's documents: generate one from a template, download it, email it to a contact. */
export function DocumentsPanel({ deal }: { deal: Deal }) {
  const { t } = useTranslation('documents');
  const client = useQueryClient();
  const format = useFormat();
  const userName = useUserName();
  const dealId = deal.id ?? '';
  const documents = useDealDocuments(dealId);
  const templates = useTemplates();
  const [templateId, setTemplateId] = useState('');
  const [sending, setSending] = useState<DealDocument | undefined>();
  const chosen = templateId || templates.data?.[0]?.id || '';
  const generate = useMutation({
    mutationFn: () => documentCalls.generate(dealId, chosen),
    onSuccess: async (document) => {
      toast({ tone: 'success', title: t('panel.generated', { name: document.name, number: document.number }) });
      // the deal recorded the document: its version moved on, and its history and files have a new line
      await client.invalidateQueries({ queryKey: ['deal'] });
    },
  });
  const download = useMutation({
    mutationFn: async (document: DealDocument) => saveFile(await documentCalls.download(document), document.filename),
  });
  const generateProblem = isProblem(generate.error) ? splitFieldErrors(generate.error, ['templateId']) : undefined;
  return (
    <section className="card" aria-labelledby="deal-documents">
      <h2 id="deal-documents" className={styles.panelTitle}>{t('panel.title')}</h2>
      {templates.isError ? <ProblemView compact error={templates.error} onRetry={() => void templates.refetch()} />
        : templates.data?.length === 0 ? <p className="muted">{t('panel.noTemplates')}</p> : (
          <div className={styles.generateRow}>
            <Field label={t('panel.template')} error={generateProblem?.byField.templateId}>
              <Select value={chosen} onChange={(event) => setTemplateId(event.target.value)} disabled={!templates.data}>
                {templates.data?.map((template) => (
                  <option key={template.id} value={template.id}>
                    {template.name} ({t(`kind.${template.kind}`, { defaultValue: template.kind })})
                  </option>
                ))}
              </Select>
            </Field>
            <Button variant="primary" onClick={() => generate.mutate()} busy={generate.isPending} disabled={!chosen}>
              <FileText size={15} aria-hidden /> {t('panel.generate')}
            </Button>
          </div>
        )}
      {generate.error && !generateProblem?.byField.templateId && <ProblemView compact error={generate.error} />}
      {documents.isError ? <ProblemView compact error={documents.error} onRetry={() => void documents.refetch()} />
        : documents.isPending ? <Spinner label={t('common:app.loading')} />
          : documents.data.length === 0 ? <p className="muted">{t('panel.empty')}</p> : (
            <ul className={styles.documentList} aria-label={t('panel.list')}>
              {documents.data.map((document) => {
                const sent = document.sends.filter((send) => send.status === 'sent');
                return (
                  <li key={document.id}>
                    <div className={styles.documentMain}>
                      <strong>{document.name} {document.number}</strong>
                      <span className="muted">
                        {format.dateTime(document.createdAt)} · {userName(document.createdBy)}
                      </span>
                      {sent.length > 0 && (
                        <span className={styles.sent}>
                          <Badge tone="success">{t('panel.sentCount', { count: sent.length })}</Badge>{' '}
                          {sent.map((send) => send.to).join(', ')}
                        </span>
                      )}
                    </div>
                    <div className={styles.actions}>
                      <Button size="sm" onClick={() => download.mutate(document)}
                        busy={download.isPending && download.variables?.id === document.id}
                        aria-label={t('panel.downloadNamed', { name: `${document.name} ${document.number}` })}>
                        <Download size={14} aria-hidden /> {t('panel.download')}
                      </Button>
                      <Button size="sm" onClick={() => setSending(document)}
                        aria-label={t('panel.emailNamed', { name: `${document.name} ${document.number}` })}>
                        <Mail size={14} aria-hidden /> {t('panel.email')}
                      </Button>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
      {download.error && <ProblemView compact error={download.error} />}
      {sending && <SendDialog deal={deal} document={sending} onClose={() => setSending(undefined)} />}
    </section>
  );
}

const SEND_FIELDS = ['contactId', 'email', 'subject', 'message'] as const;
const OTHER = '__other';

function SendDialog({ deal, document, onClose }: { deal: Deal; document: DealDocument; onClose(): void }) {
  const { t } = useTranslation('documents');
  const client = useQueryClient();
  const withEmail = (deal.contacts ?? []).filter((contact) => contact.email);
  const [recipient, setRecipient] = useState(withEmail[0]?.contactId ?? OTHER);
  const [email, setEmail] = useState('');
  const [subject, setSubject] = useState(`${document.name} ${document.number} — ${deal.title}`);
  const [message, setMessage] = useState('');
  const send = useMutation({
    mutationFn: () => documentCalls.send(document, recipient === OTHER
      ? { email: email.trim(), subject, message }
      : { contactId: recipient, subject, message }),
    onSuccess: async (sent) => {
      toast({ tone: 'success', title: t('send.sent', { to: sent.to }) });
      await client.invalidateQueries({ queryKey: ['deal'] });
      onClose();
    },
  });
  const fields = isProblem(send.error) ? splitFieldErrors(send.error, SEND_FIELDS) : undefined;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('send.title', { name: `${document.name} ${document.number}` })}
      description={t('send.description')} width={560}>
      <form className={styles.form} onSubmit={(event) => { event.preventDefault(); send.mutate(); }}>
        <Field label={t('send.recipient')} error={fields?.byField.contactId}>
          <Select value={recipient} onChange={(event) => setRecipient(event.target.value)}>
            {withEmail.map((contact) => (
              <option key={contact.contactId} value={contact.contactId}>{contact.name ?? contact.email} ({contact.email})</option>
            ))}
            <option value={OTHER}>{t('send.otherAddress')}</option>
          </Select>
        </Field>
        {recipient === OTHER && (
          <Field label={t('send.email')} required error={fields?.byField.email}>
            <input className={inputClass} type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
          </Field>
        )}
        <Field label={t('send.subject')} required error={fields?.byField.subject}>
          <input className={inputClass} value={subject} onChange={(event) => setSubject(event.target.value)} />
        </Field>
        <Field label={t('send.message')} error={fields?.byField.message}>
          <textarea className={inputClass} rows={5} value={message} onChange={(event) => setMessage(event.target.value)} />
        </Field>
        <p className="muted">{t('send.attached', { file: document.filename })}</p>
        {send.error && (!fields || fields.other.length > 0 || Object.keys(fields.byField).length === 0) && (
          <ProblemView compact error={send.error} />
        )}
        <div className={styles.formActions}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" variant="primary" busy={send.isPending}><Mail size={15} aria-hidden /> {t('send.send')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
