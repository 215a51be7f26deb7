// Conversations about an incident: a person's question answered by Claude Code with read-only tools, resumed from
// the incident's diagnosis session when it can be, bounded per person, per incident and by the incident's budget.
export { MAX_QUESTION_CHARS, NO_CREDENTIALS } from './checks.js';
export { createConversation, sessionDir } from './conversation.js';
export type { AskHooks, AskResult, Conversation, ConversationDeps, PlanAnswer, Question } from './types.js';
