// The internal UserDirectory (gRPC, packages/service/proto/user-directory.proto): Exists answers whether a user
// still exists, so market and alert refuse writes by validly signed tokens of deleted or unknown users.
import { isUuid } from "@tickergraph/contracts";
import { BadUserInputError } from "@tickergraph/errors";
import type { RunningGrpcServer } from "@tickergraph/grpc";
import { serviceConstructor, startGrpcServer, unary } from "@tickergraph/grpc";
import { USER_DIRECTORY_PROTO, USER_DIRECTORY_SERVICE } from "@tickergraph/service";
import type { Logger } from "@tickergraph/telemetry";
import type { UserStore } from "../data/user-store.js";

export function startUserDirectory(options: {
  host: string;
  port: number;
  users: Pick<UserStore, "exists">;
  logger: Logger;
}): Promise<RunningGrpcServer> {
  const { users, logger } = options;
  return startGrpcServer({
    host: options.host,
    port: options.port,
    logger,
    services: [
      {
        definition: serviceConstructor(USER_DIRECTORY_PROTO, USER_DIRECTORY_SERVICE).service,
        implementation: {
          Exists: unary<{ user_id: string }, { exists: boolean }>(logger, async ({ user_id }) => {
            if (!isUuid(user_id)) throw new BadUserInputError("user_id must be a UUID", "user_id");
            return { exists: await users.exists(user_id) };
          }),
        },
      },
    ],
  });
}
