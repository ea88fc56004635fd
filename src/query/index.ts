/** The filter language: text -> tokens -> tree -> SQL fragment with parameters. */
export {
  compileFilter,
  compileAst,
  likeBody,
  CIDR_SQL_FUNCTION,
  type CompiledFilter,
  type CompileOptions,
} from './compiler.js';
export { FilterError, pointAt } from './errors.js';
export { parseFilter } from './parser.js';
export { negateAst } from './negate.js';
export { astToString, type FilterNode, type TermValue } from './ast.js';
export {
  FIELDS,
  lookupField,
  fieldNames,
  fieldForColumn,
  fieldKey,
  type FieldDef,
  type FieldKind,
  type FieldTarget,
} from './fields.js';
export { termText, quoteValue, addTerm } from './term-text.js';
export { printFilter, sinceEcho } from './print.js';
export {
  compilePredicate,
  fieldValues,
  type EventPredicate,
  type PredicateContext,
} from './predicate.js';
export { parseTimeSpan, parseDuration } from './time-values.js';
