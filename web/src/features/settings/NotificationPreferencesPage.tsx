import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '@/api/client';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { Button, Field, inputClass, PageHeader, ProblemView, Select, Spinner, toast } from '@/ui';
import { FormProblem } from './FormProblem';
import { CHANNELS, NOTIFICATION_TYPES, savePreferences, settingsKeys, usePreferences, type Preferences } from './api';
import { PREFERENCE_ERROR_FIELDS, toForm, toRequest, type Channel, type PreferencesForm } from './preferences';
import styles from './settings.module.css';

/** Every signed-in person's own notification settings: channels per type, quiet hours, daily digest. */
export function NotificationPreferencesPage() {
  const { t } = useTranslation('settings');
  const preferences = usePreferences();
  return (
    <>
      <PageHeader title={t('preferences.title')} subtitle={t('preferences.subtitle')} />
      {preferences.isPending && <Spinner />}
      {preferences.isError && <ProblemView error={preferences.error} onRetry={() => void preferences.refetch()} />}
      {preferences.isSuccess && <PreferencesEditor preferences={preferences.data} />}
    </>
  );
}

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

function PreferencesEditor({ preferences }: { preferences: Preferences }) {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const [form, setForm] = useState<PreferencesForm>(() => toForm(preferences));
  const zones = useMemo(() => timeZones(form.timeZone), [form.timeZone]);
  const set = <K extends keyof PreferencesForm>(key: K, value: PreferencesForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const toggleChannel = (type: string, channel: Channel, on: boolean) =>
    setForm((f) => ({
      ...f,
      channels: { ...f.channels, [type]: on ? [...(f.channels[type] ?? []), channel] : (f.channels[type] ?? []).filter((c) => c !== channel) },
    }));
  const toggleDigestType = (type: string, on: boolean) =>
    set('digestTypes', on ? [...form.digestTypes, type] : form.digestTypes.filter((d) => d !== type));

  const save = useMutation({
    mutationFn: () => savePreferences(toRequest(form)),
    onSuccess: (saved) => {
      client.setQueryData(settingsKeys.preferences, saved);
      setForm(toForm(saved));
      toast({ title: t('preferences.saved'), tone: 'success' });
    },
  });
  const clearBounce = useMutation({
    mutationFn: async () => {
      await call(api().notification.DELETE('/api/notifications/preferences/bounce', { params: { query: {} } }));
      await client.invalidateQueries({ queryKey: settingsKeys.preferences });
    },
  });
  const error = save.error;
  const fields = isProblem(error)
    ? splitFieldErrors(error, Object.keys(form), PREFERENCE_ERROR_FIELDS as Record<string, string>)
    : undefined;
  const byField = fields?.byField ?? {};

  return (
    <form className={styles.form} onSubmit={(event) => { event.preventDefault(); save.mutate(); }}>
      <section className={styles.card} aria-labelledby="pref-delivery">
        <h2 id="pref-delivery">{t('preferences.delivery')}</h2>
        <div className={styles.grid2}>
          <Field label={t('preferences.email')} hint={t('preferences.emailHint')} error={byField.email}>
            <input className={inputClass} type="email" value={form.email} onChange={(event) => set('email', event.target.value)} />
          </Field>
          <Field label={t('preferences.timeZone')} error={byField.timeZone}>
            <Select value={form.timeZone} onChange={(event) => set('timeZone', event.target.value)}>
              {zones.map((zone) => <option key={zone} value={zone}>{zone.replace(/_/g, ' ')}</option>)}
            </Select>
          </Field>
        </div>
        {preferences.emailStatus === 'bouncing' && (
          <div className={styles.warning} role="status">
            {t('preferences.bouncing', { address: preferences.bounce?.address, reason: preferences.bounce?.reason ?? '' })}
            {' '}<Button size="sm" busy={clearBounce.isPending} onClick={() => clearBounce.mutate()}>{t('preferences.clearBounce')}</Button>
            {clearBounce.error && <ProblemView error={clearBounce.error} compact />}
          </div>
        )}
      </section>

      <section className={styles.card} aria-labelledby="pref-channels">
        <h2 id="pref-channels">{t('preferences.channels')}</h2>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">{t('preferences.type')}</th>
              {CHANNELS.map((channel) => <th scope="col" key={channel}>{t(`preferences.channel.${channel}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {NOTIFICATION_TYPES.map((type) => (
              <tr key={type}>
                <th scope="row">{t(`preferences.types.${type}`)}</th>
                {CHANNELS.map((channel) => (
                  <td key={channel}>
                    <input type="checkbox" checked={(form.channels[type] ?? []).includes(channel)}
                      aria-label={t('preferences.channelFor', { type: t(`preferences.types.${type}`), channel: t(`preferences.channel.${channel}`) })}
                      onChange={(event) => toggleChannel(type, channel, event.target.checked)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {byField.channels && <div role="alert" className={styles.error}>{byField.channels}</div>}
      </section>

      <section className={styles.card} aria-labelledby="pref-quiet">
        <h2 id="pref-quiet">{t('preferences.quietHours')}</h2>
        <label className={styles.check}>
          <input type="checkbox" checked={form.quietHoursOn} onChange={(event) => set('quietHoursOn', event.target.checked)} />
          {t('preferences.quietHoursOn')}
        </label>
        {form.quietHoursOn && (
          <div className={styles.grid2}>
            <Field label={t('preferences.quietStart')} error={byField.quietStart}>
              <input className={inputClass} type="time" value={form.quietStart} required onChange={(event) => set('quietStart', event.target.value)} />
            </Field>
            <Field label={t('preferences.quietEnd')} error={byField.quietEnd}>
              <input className={inputClass} type="time" value={form.quietEnd} required onChange={(event) => set('quietEnd', event.target.value)} />
            </Field>
          </div>
        )}
        <p className="muted">{t('preferences.quietHint')}</p>
      </section>

      <section className={styles.card} aria-labelledby="pref-digest">
        <h2 id="pref-digest">{t('preferences.digest')}</h2>
        <label className={styles.check}>
          <input type="checkbox" checked={form.digestOn} onChange={(event) => set('digestOn', event.target.checked)} />
          {t('preferences.digestOn')}
        </label>
        {form.digestOn && (
          <>
            <Field label={t('preferences.digestTime')} error={byField.digestTime}>
              <input className={inputClass} type="time" value={form.digestTime} required onChange={(event) => set('digestTime', event.target.value)} />
            </Field>
            <fieldset className={styles.checks}>
              <legend>{t('preferences.digestTypes')}</legend>
              {NOTIFICATION_TYPES.map((type) => (
                <label key={type}>
                  <input type="checkbox" checked={form.digestTypes.includes(type)} onChange={(event) => toggleDigestType(type, event.target.checked)} />
                  {t(`preferences.types.${type}`)}
                </label>
              ))}
              {byField.digestTypes && <div role="alert" className={styles.error}>{byField.digestTypes}</div>}
            </fieldset>
          </>
        )}
      </section>
      <FormProblem error={error} other={fields?.other} />
      <div className={styles.formActions}>
        <Button onClick={() => { setForm(toForm(preferences)); save.reset(); }}>{t('preferences.reset')}</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>{t('common:action.save')}</Button>
      </div>
    </form>
  );
}
