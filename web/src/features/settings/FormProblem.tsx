import { isProblem } from '@/api/problem';
import { ProblemView } from '@/ui';
import styles from './settings.module.css';

/**
 * A form's refusal that its fields do not show: another kind of failure (network, 409, 403), or field errors the
 * form has no field for (`other` from splitFieldErrors). Field errors beside their fields are not repeated here.
 */
export function FormProblem({ error, other }: { error: unknown; other?: readonly string[] | undefined }) {
  if (!error) return null;
  if (isProblem(error) && error.errors.length > 0) {
    return other && other.length > 0 ? <div role="alert" className={styles.error}>{other.join(' ')}</div> : null;
  }
  return <ProblemView error={error} compact />;
}
