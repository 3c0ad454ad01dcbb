/**
 * The custom scalars of the schema, all from graphql-scalars (well-kept, shared with most Apollo
 * stacks): LocalDate for `birthDate` (YYYY-MM-DD, rejects impossible dates like 2021-02-30),
 * DateTime for instrument/mandate timestamps, JSONObject for `extraData`.
 */
export { GraphQLDateTime as DateTimeScalar, GraphQLJSONObject as JSONObjectScalar, GraphQLLocalDate as LocalDateScalar } from 'graphql-scalars';
