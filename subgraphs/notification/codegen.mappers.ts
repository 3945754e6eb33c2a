// GraphQL type → the model its resolvers receive (codegen appends the `Model` suffix).
export const mappers = {
  Notification: "../src/data/views.js#NotificationView",
  Delivery: "../src/data/views.js#DeliveryView",
  NotificationPreferences: "../src/data/views.js#PreferencesView",
  User: "@tickergraph/contracts#UserReference",
};
