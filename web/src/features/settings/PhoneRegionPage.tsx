import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '@/api/client';
import { isProblem } from '@/api/problem';
import { useHasRole } from '@/auth/AuthContext';
import { Button, Field, inputClass, PageHeader, ProblemView, Spinner, toast } from '@/ui';
import { FormProblem } from './FormProblem';
import { regionName, settingsKeys } from './api';
import styles from './settings.module.css';

/**
 * Phone numbers written without a country code (`8 (495) 123-45-67`) are read in a default region: each person may
 * choose their own, admins set the organisation's (contacts-service "Phone region").
 */
export function PhoneRegionPage() {
  const { t } = useTranslation('settings');
  const isAdmin = useHasRole('admin');
  return (
    <>
      <PageHeader title={t('phoneRegion.title')} subtitle={t('phoneRegion.subtitle')} />
      <div className={styles.form}>
        <PersonalRegion />
        {isAdmin && <OrganisationRegion />}
      </div>
    </>
  );
}

function fieldError(error: unknown): string | undefined {
  return isProblem(error) ? error.errors.find((e) => e.field === 'region')?.message : undefined;
}

function PersonalRegion() {
  const { t, i18n } = useTranslation('settings');
  const client = useQueryClient();
  const mine = useQuery({
    queryKey: settingsKeys.myPhoneRegion,
    queryFn: ({ signal }) => call(api().contacts.GET('/api/settings/phone-region/mine', { signal })),
  });
  const [region, setRegion] = useState('');
  const done = (saved: Awaited<ReturnType<typeof mine.refetch>>['data']) => {
    client.setQueryData(settingsKeys.myPhoneRegion, saved);
    setRegion('');
    toast({ title: t('phoneRegion.saved'), tone: 'success' });
  };
  const choose = useMutation({
    mutationFn: () => call(api().contacts.PUT('/api/settings/phone-region/mine', { body: { region: region.trim() } })),
    onSuccess: done,
  });
  const follow = useMutation({
    mutationFn: () => call(api().contacts.DELETE('/api/settings/phone-region/mine', {})),
    onSuccess: done,
  });
  if (mine.isPending) return <Spinner />;
  if (mine.isError) return <ProblemView error={mine.error} onRetry={() => void mine.refetch()} />;
  const current = mine.data;
  return (
    <form className={styles.card} aria-labelledby="phone-mine" onSubmit={(event) => { event.preventDefault(); choose.mutate(); }}>
      <h2 id="phone-mine">{t('phoneRegion.mine')}</h2>
      <p data-testid="phone-region-current">
        {t(`phoneRegion.current.${current.source}`, { region: regionName(current.region, i18n.language) })}
      </p>
      <Field label={t('phoneRegion.choose')} hint={t('phoneRegion.hint')} error={fieldError(choose.error)}>
        <input className={inputClass} value={region} maxLength={2} autoComplete="off" placeholder={current.region}
          onChange={(event) => setRegion(event.target.value)} />
      </Field>
      {region.trim().length === 2 && <p className="muted">{regionName(region.trim(), i18n.language)}</p>}
      <FormProblem error={choose.error ?? follow.error} other={[]} />
      <div className={styles.formActions}>
        {current.own && (
          <Button busy={follow.isPending} onClick={() => follow.mutate()}>{t('phoneRegion.follow')}</Button>
        )}
        <Button type="submit" variant="primary" busy={choose.isPending} disabled={!region.trim()}>{t('common:action.save')}</Button>
      </div>
    </form>
  );
}

function OrganisationRegion() {
  const { t, i18n } = useTranslation('settings');
  const client = useQueryClient();
  const organisation = useQuery({
    queryKey: settingsKeys.organisationPhoneRegion,
    queryFn: ({ signal }) => call(api().contacts.GET('/api/settings/phone-region', { signal })),
  });
  const [region, setRegion] = useState('');
  const save = useMutation({
    mutationFn: () => call(api().contacts.PUT('/api/settings/phone-region', { body: { region: region.trim() } })),
    onSuccess: (saved) => {
      client.setQueryData(settingsKeys.organisationPhoneRegion, saved);
      // people who follow the organisation's default now have this one
      void client.invalidateQueries({ queryKey: settingsKeys.myPhoneRegion });
      setRegion('');
      toast({ title: t('phoneRegion.saved'), tone: 'success' });
    },
  });
  if (organisation.isPending) return <Spinner />;
  if (organisation.isError) return <ProblemView error={organisation.error} onRetry={() => void organisation.refetch()} />;
  return (
    <form className={styles.card} aria-labelledby="phone-organisation" onSubmit={(event) => { event.preventDefault(); save.mutate(); }}>
      <h2 id="phone-organisation">{t('phoneRegion.organisation')}</h2>
      <p data-testid="phone-region-organisation">
        {t(`phoneRegion.organisationCurrent.${organisation.data.source}`, { region: regionName(organisation.data.region, i18n.language) })}
      </p>
      <Field label={t('phoneRegion.organisationChoose')} hint={t('phoneRegion.hint')} error={fieldError(save.error)}>
        <input className={inputClass} value={region} maxLength={2} autoComplete="off" placeholder={organisation.data.region}
          onChange={(event) => setRegion(event.target.value)} />
      </Field>
      {region.trim().length === 2 && <p className="muted">{regionName(region.trim(), i18n.language)}</p>}
      <FormProblem error={save.error} other={[]} />
      <div className={styles.formActions}>
        <Button type="submit" variant="primary" busy={save.isPending} disabled={!region.trim()}>{t('common:action.save')}</Button>
      </div>
    </form>
  );
}
