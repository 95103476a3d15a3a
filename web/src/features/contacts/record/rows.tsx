import { useTranslation } from 'react-i18next';
import type { components } from '@/api/generated/contacts-service';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { formatPhone, telHref } from '@/i18n/phone';
import { Badge } from '@/ui';
import { useAssignable } from '../useListHelpers';
import { addressText } from './describe';
import { AddressEditor, addressPatch, OwnerEditor, TextEditor, type AddressDraft } from './editors';
import { FieldRow } from './FieldRow';
import type { SaveOutcome } from './useRecordSave';
import styles from './record.module.css';

type Address = components['schemas']['Address'];
type Save = (patch: Record<string, unknown>, allowDuplicate?: boolean) => Promise<SaveOutcome>;

/** The owner of a contact or a company, given to someone the person may assign records to (or to the shared pool). */
export function OwnerRow({ ownerId, save }: { ownerId: string | undefined; save: Save }) {
  const { t } = useTranslation('contacts');
  const userName = useUserName();
  const assignable = useAssignable();
  return (
    <FieldRow<string>
      field="ownerId"
      label={t('field.owner')}
      display={ownerId ? userName(ownerId) : <span className="muted">{t('record.sharedPool')}</span>}
      initial={() => ownerId ?? ''}
      editor={(props) => <OwnerEditor {...props} filter={assignable} />}
      toPatch={(draft) => ({ patch: { ownerId: draft || null } })}
      save={save}
    />
  );
}

export function AddressRow({ address, save }: { address: Address | undefined; save: Save }) {
  const { t } = useTranslation('contacts');
  return (
    <FieldRow<AddressDraft>
      field="address"
      label={t('field.address')}
      display={addressText(address)}
      initial={() => ({
        street: address?.street ?? '', city: address?.city ?? '', region: address?.region ?? '',
        postalCode: address?.postalCode ?? '', country: address?.country ?? '',
      })}
      editor={(props) => <AddressEditor {...props} />}
      toPatch={(draft) => ({ patch: { address: addressPatch(draft) } })}
      save={save}
    />
  );
}

/** The main phone of a contact or a company: a link to call, shown as people write numbers where they are. */
export function PhoneRow({ phone, save }: { phone: string | undefined | null; save: Save }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  return (
    <FieldRow<string>
      field="phone"
      label={t('field.phone')}
      display={phone ? <a href={telHref(phone)}>{formatPhone(phone, format.locale)}</a> : ''}
      initial={() => phone ?? ''}
      editor={(props) => <TextEditor {...props} type="tel" />}
      toPatch={(draft) => ({ patch: { phone: draft.trim() || null } })}
      save={save}
    />
  );
}

/** The tags of a contact or a company, typed separated by commas. */
export function TagsRow({ tags, save }: { tags: string[] | undefined; save: Save }) {
  const { t } = useTranslation('contacts');
  return (
    <FieldRow<string>
      field="tags"
      label={t('field.tags')}
      display={(tags ?? []).length > 0 ? (
        <span className={styles.tags}>{(tags ?? []).map((tag) => <Badge key={tag}>{tag}</Badge>)}</span>
      ) : ''}
      initial={() => (tags ?? []).join(', ')}
      editor={(props) => <TextEditor {...props} />}
      toPatch={(draft) => ({ patch: { tags: draft.split(/[,;\n]+/).map((v) => v.trim()).filter(Boolean) } })}
      save={save}
    />
  );
}

/** When the record was created and last changed. */
export function RecordDates({ createdAt, updatedAt }: { createdAt?: string; updatedAt?: string }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  return (
    <p className="muted">
      {t('record.created', { date: format.dateTime(createdAt) })} · {t('record.updated', { date: format.dateTime(updatedAt) })}
    </p>
  );
}
