/**
 * SMS templates: the variable catalogue, save-time validation and rendering ({client_name} syntax,
 * Handlebars underneath). No Node import, so the admin page bundles it with the SMS core.
 */
export {
  canonicalName,
  contextValue,
  findVariable,
  isAvailable,
  sampleContext,
  TEMPLATE_VARIABLES,
  variablesFor,
  type TemplateAudience,
  type TemplateContext,
  type TemplateVariable,
  type VariableGroup,
} from './catalogue';
export {
  assertValidTemplate,
  checkTemplate,
  compileTemplate,
  estimateTemplate,
  parseTemplate,
  renderAndCount,
  renderTemplate,
  type CompiledTemplate,
  type TemplateCheck,
  type TemplateIssue,
  type TemplateToken,
} from './render';
