import type { ParameterProposalView } from '../contract/policyVersions.js';
import type { ParameterProposal } from './proposals.js';

/** A proposal as the API answers it: everything but the parameters (the history carries those). */
export function proposalView(p: ParameterProposal): ParameterProposalView {
  const { parameters: _parameters, ...view } = p;
  return view;
}
