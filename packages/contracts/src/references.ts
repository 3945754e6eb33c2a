/** A User entity as a subgraph that does not own users knows it: only its key (the gateway resolves the rest). */
export interface UserReference {
  id: string;
}
