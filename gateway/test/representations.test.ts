import { describe, expect, it } from "vitest";
import { deduplicateRepresentations } from "../src/query/representations.js";

const user = (id: string) => ({ __typename: "User", id });

describe("deduplicateRepresentations", () => {
  it("sends each distinct representation once and gives every copy its answer, in order", () => {
    const request = { query: "q", variables: { representations: [user("1"), user("2"), user("1"), user("1")], x: 1 } };
    const deduplicated = deduplicateRepresentations(request)!;
    expect(deduplicated.request.variables.representations).toEqual([user("1"), user("2")]);
    expect(deduplicated.request.variables.x).toBe(1);
    const answer = deduplicated.expand({ data: { _entities: [{ name: "one" }, { name: "two" }] } });
    expect(answer.data!._entities).toEqual([{ name: "one" }, { name: "two" }, { name: "one" }, { name: "one" }]);
  });

  it("repeats an entity's error at the path of each of its copies", () => {
    const deduplicated = deduplicateRepresentations({
      variables: { representations: [user("1"), user("2"), user("1")] },
    })!;
    const answer = deduplicated.expand({
      data: { _entities: [null, { name: "two" }] },
      errors: [
        { message: "gone", path: ["_entities", 0, "name"] },
        { message: "elsewhere", path: ["other"] },
      ],
    });
    expect(answer.errors).toEqual([
      { message: "gone", path: ["_entities", 0, "name"] },
      { message: "gone", path: ["_entities", 2, "name"] },
      { message: "elsewhere", path: ["other"] },
    ]);
  });

  it("leaves requests without duplicates alone", () => {
    expect(deduplicateRepresentations({ variables: { representations: [user("1"), user("2")] } })).toBeUndefined();
    expect(deduplicateRepresentations({ variables: {} })).toBeUndefined();
  });
});
