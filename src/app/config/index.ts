export { loadConfig, formatConfigProblems } from './loadConfig.ts';
export type { LoadConfigOptions, LoadConfigResult } from './loadConfig.ts';
export { createConfigSchema, configSecrets, CONFIG_VARIABLES, SECRET_VARIABLES, LOG_LEVELS } from './configSchema.ts';
export type {
  Config,
  OfflineConfig,
  SgpConfig,
  OzmapConfig,
  HttpConfig,
  LogLevel,
  ConfigSchemaOptions,
  CtoAliasesResult,
} from './configSchema.ts';
export * from './parsers.ts';
export { defaultRuleOptions, ruleOptionsSchema } from '../../domain/ruleOptions.ts';
export type { RuleOptions, RuleOptionsInput, CancelGuard } from '../../domain/ruleOptions.ts';
export { isLoopbackHost } from '../../domain/loopbackHost.ts';
