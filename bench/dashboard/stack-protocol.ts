// The one line a benchmark server role prints when it serves: READY then a JSON object (its URLs). Every other
// line on its stdout is a service log.
export const READY = "READY ";
