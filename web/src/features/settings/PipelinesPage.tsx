import {
  closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type Announcements, type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { GripVertical, Pencil, Plus, Trash2 } from 'lucide-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { REQUIRABLE_FIELDS } from '@/features/deals/api';
import { Badge, Button, Dialog, EmptyState, Field, inputClass, PageHeader, ProblemView, Select, Spinner, toast } from '@/ui';
import { usePipelineList, usePipelineWrites, type Pipeline, type Stage } from './api';
import { FormProblem } from './FormProblem';
import styles from './settings.module.css';
import { moved, moveTargets, stallAfter, stallDays } from './stages';

export function PipelinesPage() {
  const { t } = useTranslation('settings');
  const pipelines = usePipelineList();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === params.get('pipeline')) ?? list[0];
  const choose = (id: string) => setParams({ pipeline: id }, { replace: true });

  return (
    <>
      <PageHeader title={t('pipelines.title')} subtitle={t('pipelines.subtitle')}
        actions={<Button onClick={() => setCreating(true)}><Plus size={16} aria-hidden /> {t('pipelines.new')}</Button>} />
      {pipelines.isPending && <Spinner />}
      {pipelines.isError && <ProblemView error={pipelines.error} onRetry={() => void pipelines.refetch()} />}
      {pipelines.isSuccess && list.length === 0 && <EmptyState title={t('pipelines.empty')} />}
      {pipeline && (
        <>
          <div className={styles.toolbar}>
            <Field label={t('pipelines.pipeline')}>
              <Select value={pipeline.id} onChange={(event) => choose(event.target.value)}>
                {list.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </Select>
            </Field>
          </div>
          <PipelineEditor key={pipeline.id} pipeline={pipeline} />
        </>
      )}
      <NewPipelineDialog open={creating} onOpenChange={setCreating} onCreated={(p) => choose(p.id!)} />
    </>
  );
}

function NewPipelineDialog({ open, onOpenChange, onCreated }: {
  open: boolean; onOpenChange(open: boolean): void; onCreated(pipeline: Pipeline): void;
}) {
  const { t } = useTranslation('settings');
  const writes = usePipelineWrites();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => writes.create(name.trim()),
    onSuccess: (created) => {
      onCreated(created);
      setName('');
      onOpenChange(false);
    },
  });
  const fields = isProblem(create.error) ? splitFieldErrors(create.error, ['name']) : undefined;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('pipelines.new')} description={t('pipelines.newHint')}>
      <form onSubmit={(event) => { event.preventDefault(); create.mutate(); }} className={styles.form}>
        <Field label={t('pipelines.name')} required error={fields?.byField.name}>
          <input className={inputClass} value={name} onChange={(event) => setName(event.target.value)} required />
        </Field>
        <FormProblem error={create.error} other={fields?.other} />
        <div className={styles.formActions}>
          <Button onClick={() => onOpenChange(false)}>{t('common:action.cancel')}</Button>
          <Button type="submit" variant="primary" busy={create.isPending}>{t('common:action.create')}</Button>
        </div>
      </form>
    </Dialog>
  );
}

function PipelineEditor({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation('settings');
  const writes = usePipelineWrites();
  const stages = useMemo(() => pipeline.stages ?? [], [pipeline.stages]);
  const [order, setOrder] = useState<string[]>(() => stages.map((s) => s.id!));
  const [editing, setEditing] = useState<Stage | 'new' | undefined>();
  const [removing, setRemoving] = useState<Stage | undefined>();
  useEffect(() => setOrder(stages.map((s) => s.id!)), [stages]);
  const byId = new Map(stages.map((s) => [s.id!, s]));
  const ordered = order.map((id) => byId.get(id)).filter((s): s is Stage => !!s);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const name = (id: unknown) => byId.get(String(id))?.name ?? '';
  const position = (id: unknown) => order.indexOf(String(id)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('stages.dnd.picked', { name: name(active.id), position: position(active.id), count: order.length }),
    onDragOver: ({ active, over }) => (over ? t('stages.dnd.over', { name: name(active.id), position: position(over.id) }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t('stages.dnd.dropped', { name: name(active.id), position: position(over.id) }) : undefined),
    onDragCancel: ({ active }) => t('stages.dnd.cancelled', { name: name(active.id) }),
  };

  const reorder = useMutation({
    mutationFn: (next: string[]) => writes.reorder(pipeline, next),
    // shown at once, taken back if the service refuses
    onMutate: (next) => {
      const previous = order;
      setOrder(next);
      return previous;
    },
    onError: (_error, _next, previous) => previous && setOrder(previous),
  });
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    reorder.mutate(moved(order, order.indexOf(String(active.id)), order.indexOf(String(over.id))));
  };

  return (
    <section aria-labelledby="stages-heading" className={styles.card}>
      <PipelineDetails pipeline={pipeline} />
      <div className={styles.sectionHeader}>
        <h2 id="stages-heading">{t('stages.title')}</h2>
        <Button size="sm" onClick={() => setEditing('new')}><Plus size={14} aria-hidden /> {t('stages.add')}</Button>
      </div>
      <p className="muted" id="stages-hint">{t('stages.hint')}</p>
      {reorder.error && <ProblemView error={reorder.error} compact />}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('stages.dnd.instructions') } }}>
        <SortableContext items={order} strategy={verticalListSortingStrategy}>
          <ol className={styles.stageList} aria-describedby="stages-hint">
            {ordered.map((stage) => (
              <StageRow key={stage.id} stage={stage} onEdit={() => setEditing(stage)} onRemove={() => setRemoving(stage)} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      {editing !== undefined && (
        <StageDialog pipeline={pipeline} stage={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      )}
      {removing && <RemoveStageDialog pipeline={pipeline} stage={removing} onClose={() => setRemoving(undefined)} />}
    </section>
  );
}

function PipelineDetails({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation('settings');
  const writes = usePipelineWrites();
  const [name, setName] = useState(pipeline.name ?? '');
  const [reasons, setReasons] = useState((pipeline.lostReasons ?? []).join('\n'));
  const save = useMutation({
    mutationFn: () => writes.update(pipeline, {
      name: name.trim(),
      lostReasons: reasons.split('\n').map((r) => r.trim()).filter(Boolean),
    }),
    onSuccess: () => toast({ title: t('pipelines.saved'), tone: 'success' }),
  });
  const fields = isProblem(save.error) ? splitFieldErrors(save.error, ['name', 'lostReasons']) : undefined;
  return (
    <form className={styles.pipelineForm} onSubmit={(event) => { event.preventDefault(); save.mutate(); }}>
      <Field label={t('pipelines.name')} required error={fields?.byField.name}>
        <input className={inputClass} value={name} onChange={(event) => setName(event.target.value)} required />
      </Field>
      <Field label={t('pipelines.lostReasons')} hint={t('pipelines.lostReasonsHint')} error={fields?.byField.lostReasons}>
        <textarea className={inputClass} rows={3} value={reasons} onChange={(event) => setReasons(event.target.value)} />
      </Field>
      <FormProblem error={save.error} other={fields?.other} />
      <div><Button type="submit" busy={save.isPending}>{t('pipelines.save')}</Button></div>
    </form>
  );
}

function StageRow({ stage, onEdit, onRemove }: { stage: Stage; onEdit(): void; onRemove(): void }) {
  const { t } = useTranslation('settings');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: stage.id! });
  const days = stallDays(stage.stallAfter);
  return (
    <li ref={setNodeRef} className={styles.stageRow} data-stage-id={stage.id} data-dragging={isDragging || undefined}
      style={{ transform: CSS.Transform.toString(transform), transition }}>
      <button type="button" ref={setActivatorNodeRef} className={styles.grip} {...attributes} {...listeners}
        aria-label={t('stages.moveNamed', { name: stage.name })}>
        <GripVertical size={16} aria-hidden />
      </button>
      <div className={styles.stageMain}>
        <strong>{stage.name}</strong>
        <div className={styles.stageFacts}>
          <Badge tone={stage.kind === 'won' ? 'success' : stage.kind === 'lost' ? 'danger' : 'neutral'}>{t(`stages.kind.${stage.kind}`)}</Badge>
          {stage.kind === 'open' && <span>{t('stages.probabilityValue', { value: stage.probability ?? 0 })}</span>}
          {(stage.requiredFields ?? []).length > 0 && (
            <span>{t('stages.requires', { fields: (stage.requiredFields ?? []).map((f) => t(`dealFields.${f}`)).join(', ') })}</span>
          )}
          {stage.stallAfter && (
            <span>{days !== undefined ? t('stages.stallsAfter', { count: days }) : t('stages.stallsAfterRaw', { value: stage.stallAfter })}</span>
          )}
        </div>
      </div>
      <div className={styles.rowActions}>
        <Button size="sm" variant="ghost" onClick={onEdit} aria-label={t('stages.editNamed', { name: stage.name })}>
          <Pencil size={14} aria-hidden />
        </Button>
        <Button size="sm" variant="ghost" onClick={onRemove} aria-label={t('stages.removeNamed', { name: stage.name })}>
          <Trash2 size={14} aria-hidden />
        </Button>
      </div>
    </li>
  );
}

const STAGE_FIELDS = ['name', 'kind', 'probability', 'requiredFields', 'stallAfter'] as const;

function StageDialog({ pipeline, stage, onClose }: { pipeline: Pipeline; stage: Stage | undefined; onClose(): void }) {
  const { t } = useTranslation('settings');
  const writes = usePipelineWrites();
  const [name, setName] = useState(stage?.name ?? '');
  const [kind, setKind] = useState<NonNullable<Stage['kind']>>(stage?.kind ?? 'open');
  const [probability, setProbability] = useState(String(stage?.probability ?? 50));
  const [required, setRequired] = useState<string[]>(stage?.requiredFields ?? []);
  const existingDays = stallDays(stage?.stallAfter);
  const [stall, setStall] = useState(existingDays !== undefined ? String(existingDays) : '');

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        requiredFields: required,
        ...(kind === 'open' ? { probability: Number(probability) } : {}),
        ...(kind === 'open' ? { stallAfter: stallAfter(stall) } : {}),
      };
      if (stage) return writes.updateStage(pipeline, stage.id!, body);
      const stages = pipeline.stages ?? [];
      // a new open stage goes after the last open one, so it lands before won and lost on the board
      const lastOpen = stages.map((s) => s.kind).lastIndexOf('open');
      const position = kind === 'open' ? lastOpen + 1 : stages.length;
      return writes.addStage(pipeline, { ...body, kind, ...(body.stallAfter === '' ? { stallAfter: undefined } : {}), position });
    },
    onSuccess: onClose,
  });
  const fields = isProblem(save.error) ? splitFieldErrors(save.error, STAGE_FIELDS) : undefined;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={stage ? t('stages.editNamed', { name: stage.name }) : t('stages.add')}>
      <form onSubmit={(event) => { event.preventDefault(); save.mutate(); }} className={styles.form}>
        <Field label={t('stages.name')} required error={fields?.byField.name}>
          <input className={inputClass} value={name} onChange={(event) => setName(event.target.value)} required />
        </Field>
        {!stage && (
          <Field label={t('stages.kindLabel')} error={fields?.byField.kind}>
            <Select value={kind} onChange={(event) => setKind(event.target.value as typeof kind)}>
              {(['open', 'won', 'lost'] as const).map((k) => <option key={k} value={k}>{t(`stages.kind.${k}`)}</option>)}
            </Select>
          </Field>
        )}
        {kind === 'open' && (
          <>
            <Field label={t('stages.probability')} hint={t('stages.probabilityHint')} error={fields?.byField.probability}>
              <input className={inputClass} type="number" min={0} max={100} value={probability}
                onChange={(event) => setProbability(event.target.value)} />
            </Field>
            <Field label={t('stages.stallAfter')} hint={t('stages.stallAfterHint')} error={fields?.byField.stallAfter}>
              <input className={inputClass} type="number" min={1} value={stall} onChange={(event) => setStall(event.target.value)} />
            </Field>
          </>
        )}
        <fieldset className={styles.checks}>
          <legend>{t('stages.requiredFields')}</legend>
          {REQUIRABLE_FIELDS.map((field) => (
            <label key={field}>
              <input type="checkbox" checked={required.includes(field)}
                onChange={(event) => setRequired((current) =>
                  event.target.checked ? [...current, field] : current.filter((f) => f !== field))} />
              {t(`dealFields.${field}`)}
            </label>
          ))}
          {fields?.byField.requiredFields && <div role="alert" className={styles.error}>{fields.byField.requiredFields}</div>}
        </fieldset>
        <FormProblem error={save.error} other={fields?.other} />
        <div className={styles.formActions}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" variant="primary" busy={save.isPending}>{stage ? t('common:action.save') : t('stages.add')}</Button>
        </div>
      </form>
    </Dialog>
  );
}

function RemoveStageDialog({ pipeline, stage, onClose }: { pipeline: Pipeline; stage: Stage; onClose(): void }) {
  const { t } = useTranslation('settings');
  const writes = usePipelineWrites();
  const targets = moveTargets(pipeline.stages ?? [], stage);
  const [target, setTarget] = useState(targets[0]?.id ?? '');
  const remove = useMutation({
    mutationFn: () => writes.removeStage(pipeline, stage.id!, target || undefined),
    onSuccess: () => {
      toast({ title: t('stages.removed', { name: stage.name }), tone: 'success' });
      onClose();
    },
  });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('stages.removeNamed', { name: stage.name })}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>{t('stages.remove')}</Button>
        </>
      }>
      {targets.length > 0 ? (
        <Field label={t('stages.moveDealsTo')} hint={t('stages.moveDealsToHint')}>
          <Select value={target} onChange={(event) => setTarget(event.target.value)}>
            {targets.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </Select>
        </Field>
      ) : (
        <p>{t('stages.noTarget')}</p>
      )}
      {remove.error && <ProblemView error={remove.error} compact />}
    </Dialog>
  );
}
