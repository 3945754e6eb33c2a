/** A User entity as the market subgraph knows it: only its key. */
export interface UserReference {
  id: string;
}
