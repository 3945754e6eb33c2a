/** A User entity as the analytics subgraph knows it: only its key. */
export interface UserReference {
  id: string;
}
