/**
 * @meridian/rules — AWS IoT SQL for the rules engine: parser (`parseSql`), compiled evaluator
 * (`compileSql`) and AST-walking baseline (`interpretSql`), the function library, substitution
 * templates (`compileTemplate`) and topic filters for FROM.
 */

// Rule service and actions.
export { ActionError, type ActionInvocation, type CompiledAction, STOP } from './actions/action.js';
export { DEFAULT_FUNCTION_ACTION_SETTINGS, type FunctionActionSettings } from './actions/function.action.js';
export { type FunctionContext, FunctionSandbox } from './actions/function-sandbox.js';
export { DEFAULT_HTTP_ACTION_SETTINGS, type HttpActionSettings } from './actions/http.action.js';
export type { RepublishMessage, RepublishProperties, RuleActionPorts, TimeseriesRow } from './actions/ports.js';
export { DEFAULT_ACCOUNT_ID, ruleEnvironment } from './environment.js';
export type {
  MessageContext,
  MqttMessageProperties,
  RuleEnvironment,
  ThingShadowReader,
} from './eval/context.js';
export { SqlEvaluationError } from './eval/sql-evaluation-error.js';
export { functionNames } from './functions/catalog.js';
export { outputPayload, parsePayload } from './payload.js';
export type { CompiledRule } from './service/compiled-rule.js';
export { type ActionFailure, type RuleErrorDocument, ruleErrorDocument } from './service/error-document.js';
export { MemoryRuleStore } from './service/memory-rule-store.js';
export { type ListTopicRulesRequest, RuleService, type RuleServiceOptions } from './service/rule.service.js';
export { type IncomingMessage, RuleEngine, type RuleEngineOptions } from './service/rule-engine.js';
export { RuleMonitor } from './service/rule-monitor.js';
export { checkRuleName, type NormalizedRulePayload, normalizeRulePayload } from './service/rule-payload.js';
export type { RulePageQuery, RuleStore, StoredHttpDestination, StoredRule } from './service/rule-store.js';
export { TopicIndex } from './service/topic-index.js';
export type { Expr, SelectClause, SelectItem, SqlStatement } from './sql/ast.js';
export { parseSql } from './sql/parser.js';
export { type SourcePosition, SqlParseError } from './sql/sql-parse-error.js';
export { DEFAULT_API_SQL_VERSION, isSqlVersion, SQL_VERSIONS, type SqlVersion } from './sql/sql-version.js';
export { compileSql, interpretSql, NO_MATCH, type SqlQuery, type SqlQueryOptions } from './sql-query.js';
export {
  compileTemplate,
  renderValue,
  type SubstitutionTemplate,
  type TemplateOptions,
} from './template/substitution-template.js';
export { compileTopicFilter, type TopicFilter, topicFilterProblem, topicMatchesFilter } from './topic/topic-filter.js';
export { toJsonText } from './values/json-text.js';
export { typeOfValue, type Value, type ValueObject, type ValueType, WholeDecimal } from './values/value.js';
