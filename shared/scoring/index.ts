// The scoring domain: scorers as DESIGN.md defines them, and a submission's weighted score.
export type { Answer, Scorer, ScorerConfig, SubmissionScore, TaskDefinition, TaskResult, TaskScore } from './types.ts';
export { compileScorer, scorerProblem } from './compile.ts';
export { jsonEqual } from './json-equal.ts';
export { isJudgeTask, needsJudges, NO_JUDGED, UnjudgedTaskError, type JudgedScores } from './judged.ts';
export { normalizeText } from './normalized-text.ts';
export { numberOf } from './numeric.ts';
export {
  compileRegex,
  MAX_REGEX_OUTPUT_LENGTH,
  MAX_REGEX_PATTERN_LENGTH,
  MAX_REGEX_PROGRAM_SIZE,
  MAX_REGEX_WORK,
  type CompiledRegex,
} from './regex.ts';
export {
  duplicateTaskIds,
  DuplicateAnswerError,
  InvalidScorerError,
  scoreSubmission,
  scoreTask,
  unknownTaskIds,
  UnknownTaskError,
} from './score-answers.ts';
export { scoreUncertainty, type ConfidenceInterval, type ScoreUncertainty } from './uncertainty.ts';
