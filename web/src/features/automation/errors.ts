import { createContext, useContext } from 'react';
import type { ProblemError } from '@/api/problem';

/** The API's problems with a rule, by the JSON path they name (`trigger.events`, `actions[1].then[0].dueIn`). */
export type RuleErrors = Record<string, string>;

/**
 * Field errors of a refused save or dry run, keyed by the rule's own paths: the draft dry run names them under
 * `rule.`, which is dropped so both calls' problems land beside the same fields.
 */
export function ruleErrors(problem: ProblemError): RuleErrors {
  const errors: RuleErrors = {};
  for (const { field, message } of problem.errors) {
    const path = field.startsWith('rule.') ? field.slice('rule.'.length) : field;
    errors[path] = errors[path] ? `${errors[path]} ${message}` : message;
  }
  return errors;
}

export const ErrorsContext = createContext<RuleErrors>({});

/** The message the API gave for this exact path. */
export function useFieldError(path: string): string | undefined {
  return useContext(ErrorsContext)[path];
}

/** Messages for members of `path` no field shows (e.g. `actions[0].assignee.userId` beside the assignee). */
export function useErrorsUnder(path: string, shown: string[]): string | undefined {
  const errors = useContext(ErrorsContext);
  const own = Object.entries(errors).filter(([key]) => (key === path || key.startsWith(path + '.') || key.startsWith(path + '['))
    && !shown.includes(key));
  return own.length ? own.map(([, message]) => message).join(' ') : undefined;
}
