/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment AlertFields on Alert {\n  id\n  symbol\n  direction\n  threshold\n  status\n  createdAt\n  triggeredAt\n  triggeredPrice\n}\n\nquery MyAlerts {\n  myAlerts {\n    ...AlertFields\n  }\n}\n\nmutation CreateAlert($input: CreateAlertInput!) {\n  createAlert(input: $input) {\n    ...AlertFields\n  }\n}\n\nmutation CancelAlert($id: ID!) {\n  cancelAlert(id: $id) {\n    ...AlertFields\n  }\n}\n\nsubscription AlertTriggered {\n  alertTriggered {\n    ...AlertFields\n    quote {\n      symbol\n      price\n      instrument {\n        name\n      }\n    }\n  }\n}": typeof types.AlertFieldsFragmentDoc,
    "mutation Register($input: RegisterInput!) {\n  register(input: $input) {\n    token\n    user {\n      id\n      displayName\n    }\n  }\n}\n\nmutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      id\n      displayName\n    }\n  }\n}": typeof types.RegisterDocument,
    "query Instruments {\n  instruments {\n    symbol\n    name\n    kind\n    currency\n    quote {\n      symbol\n      price\n      change\n      changePercent\n      updatedAt\n    }\n  }\n}\n\nquery PriceHistory($symbol: ID!, $limit: Int) {\n  priceHistory(symbol: $symbol, limit: $limit) {\n    price\n    at\n  }\n}\n\nquery Candles($symbol: ID!, $from: DateTime!, $to: DateTime!) {\n  candles(symbol: $symbol, from: $from, to: $to) {\n    start\n    open\n    high\n    low\n    close\n    count\n  }\n}\n\nsubscription PriceTicks($symbols: [ID!]!) {\n  priceTick(symbols: $symbols) {\n    symbol\n    price\n    change\n    changePercent\n    updatedAt\n  }\n}": typeof types.InstrumentsDocument,
    "query Me {\n  me {\n    id\n    email\n    displayName\n    shareValue\n    shareValueUpdatedAt\n    snapshots(limit: 20) {\n      id\n      value\n      takenAt\n    }\n  }\n}\n\nquery MyPurchases {\n  myPurchases {\n    id\n    symbol\n    quantity\n    price\n    total\n    at\n  }\n}\n\nmutation SaveSnapshot {\n  saveSnapshot {\n    id\n    value\n    takenAt\n  }\n}\n\nmutation Buy($symbol: ID!, $quantity: Float!) {\n  buy(symbol: $symbol, quantity: $quantity) {\n    id\n    symbol\n    quantity\n    price\n    total\n    at\n  }\n}\n\nsubscription ShareValueChanged {\n  shareValueChanged {\n    value\n    previousValue\n    changedAt\n  }\n}\n\nsubscription SnapshotSaved {\n  snapshotSaved {\n    id\n    value\n    takenAt\n  }\n}": typeof types.MeDocument,
};
const documents: Documents = {
    "fragment AlertFields on Alert {\n  id\n  symbol\n  direction\n  threshold\n  status\n  createdAt\n  triggeredAt\n  triggeredPrice\n}\n\nquery MyAlerts {\n  myAlerts {\n    ...AlertFields\n  }\n}\n\nmutation CreateAlert($input: CreateAlertInput!) {\n  createAlert(input: $input) {\n    ...AlertFields\n  }\n}\n\nmutation CancelAlert($id: ID!) {\n  cancelAlert(id: $id) {\n    ...AlertFields\n  }\n}\n\nsubscription AlertTriggered {\n  alertTriggered {\n    ...AlertFields\n    quote {\n      symbol\n      price\n      instrument {\n        name\n      }\n    }\n  }\n}": types.AlertFieldsFragmentDoc,
    "mutation Register($input: RegisterInput!) {\n  register(input: $input) {\n    token\n    user {\n      id\n      displayName\n    }\n  }\n}\n\nmutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      id\n      displayName\n    }\n  }\n}": types.RegisterDocument,
    "query Instruments {\n  instruments {\n    symbol\n    name\n    kind\n    currency\n    quote {\n      symbol\n      price\n      change\n      changePercent\n      updatedAt\n    }\n  }\n}\n\nquery PriceHistory($symbol: ID!, $limit: Int) {\n  priceHistory(symbol: $symbol, limit: $limit) {\n    price\n    at\n  }\n}\n\nquery Candles($symbol: ID!, $from: DateTime!, $to: DateTime!) {\n  candles(symbol: $symbol, from: $from, to: $to) {\n    start\n    open\n    high\n    low\n    close\n    count\n  }\n}\n\nsubscription PriceTicks($symbols: [ID!]!) {\n  priceTick(symbols: $symbols) {\n    symbol\n    price\n    change\n    changePercent\n    updatedAt\n  }\n}": types.InstrumentsDocument,
    "query Me {\n  me {\n    id\n    email\n    displayName\n    shareValue\n    shareValueUpdatedAt\n    snapshots(limit: 20) {\n      id\n      value\n      takenAt\n    }\n  }\n}\n\nquery MyPurchases {\n  myPurchases {\n    id\n    symbol\n    quantity\n    price\n    total\n    at\n  }\n}\n\nmutation SaveSnapshot {\n  saveSnapshot {\n    id\n    value\n    takenAt\n  }\n}\n\nmutation Buy($symbol: ID!, $quantity: Float!) {\n  buy(symbol: $symbol, quantity: $quantity) {\n    id\n    symbol\n    quantity\n    price\n    total\n    at\n  }\n}\n\nsubscription ShareValueChanged {\n  shareValueChanged {\n    value\n    previousValue\n    changedAt\n  }\n}\n\nsubscription SnapshotSaved {\n  snapshotSaved {\n    id\n    value\n    takenAt\n  }\n}": types.MeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment AlertFields on Alert {\n  id\n  symbol\n  direction\n  threshold\n  status\n  createdAt\n  triggeredAt\n  triggeredPrice\n}\n\nquery MyAlerts {\n  myAlerts {\n    ...AlertFields\n  }\n}\n\nmutation CreateAlert($input: CreateAlertInput!) {\n  createAlert(input: $input) {\n    ...AlertFields\n  }\n}\n\nmutation CancelAlert($id: ID!) {\n  cancelAlert(id: $id) {\n    ...AlertFields\n  }\n}\n\nsubscription AlertTriggered {\n  alertTriggered {\n    ...AlertFields\n    quote {\n      symbol\n      price\n      instrument {\n        name\n      }\n    }\n  }\n}"): (typeof documents)["fragment AlertFields on Alert {\n  id\n  symbol\n  direction\n  threshold\n  status\n  createdAt\n  triggeredAt\n  triggeredPrice\n}\n\nquery MyAlerts {\n  myAlerts {\n    ...AlertFields\n  }\n}\n\nmutation CreateAlert($input: CreateAlertInput!) {\n  createAlert(input: $input) {\n    ...AlertFields\n  }\n}\n\nmutation CancelAlert($id: ID!) {\n  cancelAlert(id: $id) {\n    ...AlertFields\n  }\n}\n\nsubscription AlertTriggered {\n  alertTriggered {\n    ...AlertFields\n    quote {\n      symbol\n      price\n      instrument {\n        name\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Register($input: RegisterInput!) {\n  register(input: $input) {\n    token\n    user {\n      id\n      displayName\n    }\n  }\n}\n\nmutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      id\n      displayName\n    }\n  }\n}"): (typeof documents)["mutation Register($input: RegisterInput!) {\n  register(input: $input) {\n    token\n    user {\n      id\n      displayName\n    }\n  }\n}\n\nmutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    user {\n      id\n      displayName\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Instruments {\n  instruments {\n    symbol\n    name\n    kind\n    currency\n    quote {\n      symbol\n      price\n      change\n      changePercent\n      updatedAt\n    }\n  }\n}\n\nquery PriceHistory($symbol: ID!, $limit: Int) {\n  priceHistory(symbol: $symbol, limit: $limit) {\n    price\n    at\n  }\n}\n\nquery Candles($symbol: ID!, $from: DateTime!, $to: DateTime!) {\n  candles(symbol: $symbol, from: $from, to: $to) {\n    start\n    open\n    high\n    low\n    close\n    count\n  }\n}\n\nsubscription PriceTicks($symbols: [ID!]!) {\n  priceTick(symbols: $symbols) {\n    symbol\n    price\n    change\n    changePercent\n    updatedAt\n  }\n}"): (typeof documents)["query Instruments {\n  instruments {\n    symbol\n    name\n    kind\n    currency\n    quote {\n      symbol\n      price\n      change\n      changePercent\n      updatedAt\n    }\n  }\n}\n\nquery PriceHistory($symbol: ID!, $limit: Int) {\n  priceHistory(symbol: $symbol, limit: $limit) {\n    price\n    at\n  }\n}\n\nquery Candles($symbol: ID!, $from: DateTime!, $to: DateTime!) {\n  candles(symbol: $symbol, from: $from, to: $to) {\n    start\n    open\n    high\n    low\n    close\n    count\n  }\n}\n\nsubscription PriceTicks($symbols: [ID!]!) {\n  priceTick(symbols: $symbols) {\n    symbol\n    price\n    change\n    changePercent\n    updatedAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    id\n    email\n    displayName\n    shareValue\n    shareValueUpdatedAt\n    snapshots(limit: 20) {\n      id\n      value\n      takenAt\n    }\n  }\n}\n\nquery MyPurchases {\n  myPurchases {\n    id\n    symbol\n    quantity\n    price\n    total\n    at\n  }\n}\n\nmutation SaveSnapshot {\n  saveSnapshot {\n    id\n    value\n    takenAt\n  }\n}\n\nmutation Buy($symbol: ID!, $quantity: Float!) {\n  buy(symbol: $symbol, quantity: $quantity) {\n    id\n    symbol\n    quantity\n    price\n    total\n    at\n  }\n}\n\nsubscription ShareValueChanged {\n  shareValueChanged {\n    value\n    previousValue\n    changedAt\n  }\n}\n\nsubscription SnapshotSaved {\n  snapshotSaved {\n    id\n    value\n    takenAt\n  }\n}"): (typeof documents)["query Me {\n  me {\n    id\n    email\n    displayName\n    shareValue\n    shareValueUpdatedAt\n    snapshots(limit: 20) {\n      id\n      value\n      takenAt\n    }\n  }\n}\n\nquery MyPurchases {\n  myPurchases {\n    id\n    symbol\n    quantity\n    price\n    total\n    at\n  }\n}\n\nmutation SaveSnapshot {\n  saveSnapshot {\n    id\n    value\n    takenAt\n  }\n}\n\nmutation Buy($symbol: ID!, $quantity: Float!) {\n  buy(symbol: $symbol, quantity: $quantity) {\n    id\n    symbol\n    quantity\n    price\n    total\n    at\n  }\n}\n\nsubscription ShareValueChanged {\n  shareValueChanged {\n    value\n    previousValue\n    changedAt\n  }\n}\n\nsubscription SnapshotSaved {\n  snapshotSaved {\n    id\n    value\n    takenAt\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;