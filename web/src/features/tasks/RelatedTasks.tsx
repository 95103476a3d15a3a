import { Plus } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ProblemView, Spinner } from '@/ui';
import { useTaskList, type TaskFilters } from './api';
import { TaskFormDialog } from './TaskFormDialog';
import { TaskList } from './TaskRow';
import styles from './Tasks.module.css';

/**
 * The tasks of a contact, company or deal, open ones first, with a button for a new one about it: for the record pages
 * of the contacts and deals features (`<RelatedTasks filters={{ dealId }} />`).
 */
export function RelatedTasks({ filters, title }: { filters: Pick<TaskFilters, 'contactId' | 'companyId' | 'dealId'>; title?: string }) {
  const { t } = useTranslation('tasks');
  const list = useTaskList(filters);
  const [creating, setCreating] = useState(false);
  const tasks = (list.data?.pages.flatMap((page) => page.items ?? []) ?? [])
    .sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open'));
  return (
    <section className={styles.section} aria-label={title ?? t('related.tasks')}>
      <div className="spread">
        <h2>{title ?? t('related.tasks')}</h2>
        <Button size="sm" onClick={() => setCreating(true)}><Plus size={14} aria-hidden /> {t('action.new')}</Button>
      </div>
      {list.isError ? <ProblemView error={list.error} compact onRetry={() => void list.refetch()} />
        : list.isPending ? <Spinner label={t('common:app.loading')} />
          : <TaskList tasks={tasks} empty={t('related.none')} />}
      {list.hasNextPage && <Button size="sm" onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage}>{t('common:action.loadMore')}</Button>}
      {creating && <TaskFormDialog open={creating} onOpenChange={setCreating} defaults={filters} />}
    </section>
  );
}
