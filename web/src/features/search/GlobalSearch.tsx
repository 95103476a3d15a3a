import { useQuery } from '@tanstack/react-query';
import * as RadixDialog from '@radix-ui/react-dialog';
import { Command } from 'cmdk';
import { Building2, Handshake, Search, User } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type ComponentType, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '@/api/client';
import { useFormat } from '@/i18n/format';
import { describeProblem } from '@/ui';
import { useDebounced } from '@/features/contacts/useListHelpers';
import styles from './GlobalSearch.module.css';

/** How many records of each kind the palette shows (the lists have the rest). */
const PER_GROUP = 5;

/**
 * The search across contacts, companies and deals: the top bar's button, Ctrl/Cmd+K or `/` opens it; typing searches
 * each kind at once (only what the person may see, as the services decide); arrows move, Enter opens the record.
 * A kind whose service does not answer says so in its group; the others still show.
 */
export function GlobalSearch({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const { t } = useTranslation('search');
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 150);

  useEffect(() => {
    if (!open) setText('');
  }, [open]);

  const go = (path: string) => {
    onOpenChange(false);
    navigate(path);
  };
  const searching = open && q.length > 0;
  const contacts = useSearch('contacts', q, searching);
  const companies = useSearch('companies', q, searching);
  const deals = useSearch('deals', q, searching);
  const pending = searching && (contacts.isFetching || companies.isFetching || deals.isFetching);
  const selection = useTopHitSelection(contacts.data, companies.data, deals.data, q);
  const none = searching && !pending && [contacts, companies, deals].every((group) => group.isSuccess && group.data.length === 0);

  return (
    <>
      <button type="button" className={styles.trigger} onClick={() => onOpenChange(true)} aria-keyshortcuts="Control+K Meta+K /">
        <Search size={16} aria-hidden />
        <span className={styles.triggerLabel}>{t('placeholder')}</span>
        <kbd className={styles.kbd}>{t('shortcut')}</kbd>
      </button>
      <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
        <RadixDialog.Portal>
          <RadixDialog.Overlay className={styles.overlay} />
          <RadixDialog.Content className={styles.dialog} aria-describedby={undefined}>
            <RadixDialog.Title className="visually-hidden">{t('title')}</RadixDialog.Title>
            <Command label={t('title')} shouldFilter={false} loop value={selection.value}
              onValueChange={selection.onValueChange} onKeyDown={selection.onKeyDown}>
              <div className={styles.inputRow}>
                <Search size={18} aria-hidden />
                <Command.Input value={text} onValueChange={setText} placeholder={t('placeholder')} className={styles.input} />
                {pending && <span className={styles.busy} role="status">{t('searching')}</span>}
              </div>
              <Command.List className={styles.list} label={t('results')}>
                {!searching && <div className={styles.hint}>{t('hint')}</div>}
                {none && <div className={styles.hint} role="status">{t('noResults', { q })}</div>}
                <Group label={t('contacts')} result={contacts} icon={User} onOpen={go} />
                <Group label={t('companies')} result={companies} icon={Building2} onOpen={go} />
                <Group label={t('deals')} result={deals} icon={Handshake} onOpen={go} />
              </Command.List>
            </Command>
          </RadixDialog.Content>
        </RadixDialog.Portal>
      </RadixDialog.Root>
    </>
  );
}

/**
 * Which hit Enter opens. The three kinds answer one after another; left to itself the palette would keep whichever
 * appeared first, so Enter's target would depend on which service was quicker. Until the person moves with the
 * keyboard, the first hit in the palette's order (contacts, companies, deals) is the one selected.
 */
function useTopHitSelection(contacts: Hit[] | undefined, companies: Hit[] | undefined, deals: Hit[] | undefined, q: string) {
  const [value, setValue] = useState('');
  const moved = useRef(false);
  const paths = useMemo(
    () => [...(contacts ?? []), ...(companies ?? []), ...(deals ?? [])].map((hit) => hit.path),
    [contacts, companies, deals],
  );
  useEffect(() => {
    moved.current = false;
  }, [q]);
  useEffect(() => {
    if (!moved.current || !paths.includes(value)) setValue(paths[0] ?? '');
    // value is read, not watched: the person's own choice stays while it is still a hit
  }, [paths]);
  return {
    value,
    onValueChange: setValue,
    onKeyDown: (event: KeyboardEvent) => {
      if (['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp'].includes(event.key)) moved.current = true;
    },
  };
}

interface Hit {
  id: string;
  path: string;
  title: string;
  detail?: ReactNode;
}

type Kind = 'contacts' | 'companies' | 'deals';

function useSearch(kind: Kind, q: string, enabled: boolean) {
  const format = useFormat();
  return useQuery({
    // keys start with the record type: a changed contact, company or deal refreshes what the palette shows
    queryKey: [kind === 'contacts' ? 'contact' : kind === 'companies' ? 'company' : 'deal', 'search', q] as const,
    enabled,
    staleTime: 30_000,
    retry: false,
    queryFn: async ({ signal }): Promise<Hit[]> => {
      if (kind === 'contacts') {
        const page = await call(api().contacts.GET('/api/contacts', { params: { query: { q, limit: PER_GROUP } as never }, signal }));
        return (page.items ?? []).map((c) => ({
          id: c.id as string,
          path: `/contacts/${c.id}`,
          title: [c.firstName, c.lastName].filter(Boolean).join(' '),
          detail: [c.jobTitle, c.email].filter(Boolean).join(' · '),
        }));
      }
      if (kind === 'companies') {
        const page = await call(api().contacts.GET('/api/companies', { params: { query: { q, limit: PER_GROUP } as never }, signal }));
        return (page.items ?? []).map((c) => ({ id: c.id as string, path: `/companies/${c.id}`, title: c.name ?? '', detail: c.domain }));
      }
      const page = await call(api().deals.GET('/api/deals', { params: { query: { q, limit: PER_GROUP } }, signal }));
      return (page.items ?? []).map((d) => ({
        id: d.id as string,
        path: `/deals/${d.id}`,
        title: d.title ?? '',
        detail: [d.stage?.name, d.amount !== undefined && d.amount !== null ? format.money(d.amount, d.currency) : undefined]
          .filter(Boolean).join(' · '),
      }));
    },
  });
}

function Group({
  label, result, icon: Icon, onOpen,
}: {
  label: string;
  result: ReturnType<typeof useSearch>;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  onOpen(path: string): void;
}) {
  const { t } = useTranslation();
  if (!result.isError && (!result.data || result.data.length === 0)) return null;
  return (
    <Command.Group heading={label} className={styles.group}>
      {result.isError ? (
        <div className={styles.groupProblem} role="alert">{describeProblem(result.error, t).title}</div>
      ) : (
        result.data?.map((hit) => (
          <Command.Item key={hit.path} value={hit.path} onSelect={() => onOpen(hit.path)} className={styles.item}>
            <Icon size={16} aria-hidden />
            <span className={styles.itemTitle}>{hit.title}</span>
            {hit.detail && <span className={styles.itemDetail}>{hit.detail}</span>}
          </Command.Item>
        ))
      )}
    </Command.Group>
  );
}
