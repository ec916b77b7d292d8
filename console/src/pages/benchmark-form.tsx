// A maintainer's form to define a benchmark or change one: the API's validation problems are shown
// next to the fields they concern (tasks are edited as JSON, as the API takes them).
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import { useApp } from '../app.ts';
import { navigate } from '../router.ts';
import { ErrorBox } from '../ui/parts.tsx';
import { fieldErrors } from '../views/field-errors.ts';

export interface BenchmarkFields {
  name: string;
  description: string;
  leaderboard_rule: 'best' | 'latest';
  daily_submission_limit: number;
  tasks: unknown[];
}

const EXAMPLE_TASKS = [{ task_id: 'capital', input: 'Capital of France?', expected: 'Paris', scorer: { type: 'normalized_text' } }];

export function BenchmarkForm({ existing, onDone }: { existing?: { benchmark_id: string } & BenchmarkFields; onDone(): void }) {
  const { api } = useApp();
  const [fields, setFields] = useState({
    name: existing?.name ?? '',
    description: existing?.description ?? '',
    leaderboard_rule: existing?.leaderboard_rule ?? 'best',
    daily_submission_limit: String(existing?.daily_submission_limit ?? 20),
    tasks: JSON.stringify(existing?.tasks ?? EXAMPLE_TASKS, null, 2),
  });
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const set = (name: keyof typeof fields) => (e: Event) => setFields({ ...fields, [name]: (e.target as HTMLInputElement).value });
  const submit = (e: Event) => {
    e.preventDefault();
    let tasks: unknown;
    try {
      tasks = JSON.parse(fields.tasks);
    } catch {
      setProblems({ tasks: ['not valid JSON'] });
      return;
    }
    const body: Record<string, unknown> = {
      name: fields.name,
      description: fields.description,
      leaderboard_rule: fields.leaderboard_rule,
      daily_submission_limit: Number(fields.daily_submission_limit),
    };
    if (!existing || JSON.stringify(tasks) !== JSON.stringify(existing.tasks)) body.tasks = tasks; // new tasks make a new version
    setError(null);
    setProblems({});
    const call = existing
      ? api.send<{ benchmark_id: string }>('PATCH', `/v1/benchmarks/${encodeURIComponent(existing.benchmark_id)}`, body)
      : api.send<{ benchmark_id: string }>('POST', '/v1/benchmarks', body);
    call.then(
      (saved) => {
        onDone();
        if (!existing) navigate(`/benchmarks/${saved.benchmark_id}`);
      },
      (failure: unknown) => {
        setError(failure);
        if (failure instanceof ApiError) setProblems(fieldErrors(failure.fields?.details));
      },
    );
  };
  const note = (name: string) =>
    problems[name]?.length ? (
      <ul class="field-errors" id={`${name}-problems`}>
        {problems[name]!.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    ) : null;
  const described = (name: string) => (problems[name]?.length ? { 'aria-describedby': `${name}-problems`, 'aria-invalid': true } : {});
  return (
    <form class="stacked-form" onSubmit={submit}>
      <ErrorBox error={error} />
      <label>
        Name <input required value={fields.name} onInput={set('name')} {...described('name')} />
      </label>
      {note('name')}
      <label>
        Description <input value={fields.description} onInput={set('description')} {...described('description')} />
      </label>
      {note('description')}
      <label>
        Rule{' '}
        <select value={fields.leaderboard_rule} onChange={set('leaderboard_rule')}>
          <option value="best">best</option>
          <option value="latest">latest</option>
        </select>
      </label>
      {note('leaderboard_rule')}
      <label>
        Daily limit per agent{' '}
        <input
          type="number"
          min="1"
          value={fields.daily_submission_limit}
          onInput={set('daily_submission_limit')}
          {...described('daily_submission_limit')}
        />
      </label>
      {note('daily_submission_limit')}
      <label>
        Tasks (JSON) <textarea rows={8} value={fields.tasks} onInput={set('tasks')} {...described('tasks')} />
      </label>
      {note('tasks')}
      {note('_form')}
      <div class="actions">
        <button type="submit" class="primary">
          {existing ? 'Save' : 'Create benchmark'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
