// gRPC for internal, service-to-service calls (@grpc/grpc-js): load a .proto, serve it on the internal interface.
export { loadProto, serviceConstructor } from "./proto.js";
export { startGrpcServer, type GrpcServerOptions, type GrpcServiceBinding, type RunningGrpcServer } from "./server.js";
export { grpcStatus, unary, callUnary } from "./call.js";
