import { describe, expect, it } from 'vitest';
import { ProblemError } from '@/api/problem';
import { ruleErrors } from './errors';

describe('ruleErrors', () => {
  it('keys the problems by the rule paths, the draft dry run prefix dropped and messages of one path joined', () => {
    const problem = new ProblemError(400, {
      errors: [
        { field: 'rule.actions[0].dueIn', message: 'must be an ISO-8601 duration' },
        { field: 'name', message: 'is required' },
        { field: 'name', message: 'must be text' },
      ],
    });
    expect(ruleErrors(problem)).toEqual({ 'actions[0].dueIn': 'must be an ISO-8601 duration', name: 'is required must be text' });
  });
});
