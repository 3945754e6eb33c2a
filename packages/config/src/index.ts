// The one typed configuration object, parsed from the environment once at start.
// Nothing else in the codebase reads process.env; every service receives an AppConfig.
export { loadConfig, type AppConfig, type ServiceName, SERVICE_NAMES, type ConfigOverrides } from "./config.js";
export { SUBSCRIPTION_LIMIT_DEFAULTS, type SubscriptionLimitsConfig } from "./subscription-limits.js";
export { defaultSubgraphPorts, everyPortFree } from "./free-ports.js";
