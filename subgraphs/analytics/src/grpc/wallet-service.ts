// The internal WalletService (gRPC, see ../../wallet.proto): GetBalance reads the cached running total.
import { BadUserInputError } from "@tickergraph/errors";
import type { RunningGrpcServer } from "@tickergraph/grpc";
import { serviceConstructor, startGrpcServer, unary } from "@tickergraph/grpc";
import type { Logger } from "@tickergraph/telemetry";
import type { SpendingStore } from "../data/spending.js";
import { isUuid } from "@tickergraph/contracts";

export const WALLET_PROTO = new URL("../../wallet.proto", import.meta.url);
export const WALLET_SERVICE = "tickergraph.analytics.v1.WalletService";

interface GetBalanceRequest {
  user_id: string;
}

interface GetBalanceResponse {
  balances: { total: number };
}

export function startWalletService(options: {
  host: string;
  port: number;
  spending: SpendingStore;
  logger: Logger;
}): Promise<RunningGrpcServer> {
  const { spending, logger } = options;
  return startGrpcServer({
    host: options.host,
    port: options.port,
    logger,
    services: [
      {
        definition: serviceConstructor(WALLET_PROTO, WALLET_SERVICE).service,
        implementation: {
          GetBalance: unary<GetBalanceRequest, GetBalanceResponse>(logger, async ({ user_id }) => {
            if (!isUuid(user_id)) throw new BadUserInputError("user_id must be a UUID", "user_id");
            return { balances: { total: await spending.total(user_id) } };
          }),
        },
      },
    ],
  });
}
