// The public operations of the user subgraph, as clients send them (shared by this subgraph's tests).
export const REGISTER = `mutation($i: RegisterInput!) { register(input: $i) { token user { id displayName shareValue } } }`;
export const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id } } }`;
export const ME = `{ me { id email displayName shareValue shareValueUpdatedAt createdAt snapshots { id value takenAt } } }`;
export const USER = `query($id: ID!) { user(id: $id) { id displayName shareValue } }`;
export const SAVE_SNAPSHOT = `mutation { saveSnapshot { id value takenAt } }`;

let counter = 0;
export function newRegistration(label = "user") {
  counter++;
  return {
    email: `  ${label}.${Date.now().toString(36)}.${counter}@Example.COM `,
    password: "correct horse battery",
    displayName: `${label} ${counter}`,
  };
}
