/** Results of the profile mutations. */
import { Field, ID, ObjectType } from 'type-graphql';
import type { ProfileSource } from './profile-source';
import { CustomerProfile } from './profile.type';

@ObjectType({ simpleResolvers: true, description: 'Result of updateCustomerProfile.' })
export class UpdateCustomerProfilePayload {
  @Field(() => CustomerProfile, {
    description: 'The profile after the update. Customer fields come from the update itself; instruments are fetched only when selected.',
  })
  profile!: ProfileSource;

  @Field(() => [String], {
    description: 'Names of the customer fields whose value changed, as IXOPAY reports them (e.g. `lastName`, `email`).',
  })
  changedFields!: string[];
}

@ObjectType({ simpleResolvers: true, description: 'Result of deleteCustomerProfile.' })
export class DeleteCustomerProfilePayload {
  @Field(() => Boolean, { description: 'True when IXOPAY deleted the profile (failures are reported as errors).' })
  success!: boolean;

  @Field(() => ID, { nullable: true, description: 'Id of the deleted profile, when known.' })
  profileGuid!: string | null;

  @Field(() => String, { nullable: true, description: "The merchant's id of the deleted profile, when known." })
  customerIdentification!: string | null;
}
