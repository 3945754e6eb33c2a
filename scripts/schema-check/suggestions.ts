// A suggested fix per kind of change: the additive path (add beside, deprecate, remove when unused) that keeps
// existing clients working, or what clients must handle for a dangerous change.
export function suggestFix(type: string, path: string, message: string): string {
  const [typeName, member] = path.split(".");
  switch (type) {
    case "FIELD_REMOVED":
      return `Keep \`${path}\` and mark it \`@deprecated(reason: "…")\`; remove it once no operation selects it (\`--usage\` shows recent use).`;
    case "TYPE_REMOVED":
      return `Keep \`${typeName}\` and deprecate the fields that return it; remove it when nothing selects them.`;
    case "FIELD_TYPE_CHANGED":
      return `Add a field with the new type beside \`${path}\` and deprecate \`${path}\`, instead of changing its type.`;
    case "FIELD_ARGUMENT_REMOVED":
      return `Keep the argument \`${path}\` and mark it \`@deprecated\`; ignore it in the resolver if it no longer matters.`;
    case "FIELD_ARGUMENT_ADDED":
      return `Make \`${path}\` optional or give it a default value, so operations that do not pass it still run.`;
    case "FIELD_ARGUMENT_TYPE_CHANGED":
      return `Keep \`${path}\`'s type (optional arguments need a default in the resolver); add a new argument for the new type.`;
    case "INPUT_FIELD_ADDED":
      return `Make \`${path}\` optional or give it a default value, so existing inputs stay valid.`;
    case "INPUT_FIELD_REMOVED":
      return `Keep \`${path}\` and mark it \`@deprecated\`; ignore its value if it no longer matters.`;
    case "INPUT_FIELD_TYPE_CHANGED":
      return `Add an input field with the new type beside \`${path}\` and deprecate the old one.`;
    case "ENUM_VALUE_REMOVED":
      return `Keep \`${typeName}.${member}\` and mark it \`@deprecated\`; stop returning it before removing it.`;
    case "ENUM_VALUE_ADDED":
      return `Clients that switch over \`${typeName}\` must handle \`${member}\` (or a default case) before the gateway returns it.`;
    case "UNION_MEMBER_ADDED":
    case "OBJECT_TYPE_INTERFACE_ADDED":
      return `Clients that switch on \`__typename\` must handle the new type (or a default case).`;
    case "UNION_MEMBER_REMOVED":
      return `Keep the member in \`${typeName}\` until no operation spreads a fragment on it.`;
    case "FIELD_ARGUMENT_DEFAULT_CHANGED":
    case "INPUT_FIELD_DEFAULT_VALUE_CHANGED":
      return `Operations that omit \`${path}\` now get a different result: keep the old default or tell the clients that rely on it.`;
    default:
      return `Make the change additive (add the new shape beside the old, deprecate the old, remove later), or acknowledge it in schema/approved.json (${message}).`;
  }
}
