/**
 * The members' meeting resolution (村集体经济组织成员会议决议) behind a village decision. Pure and free of
 * imports, so that the API and the portal apply the very same arithmetic.
 */
export interface MeetingCounts {
  membersPresent: number;
  votesFor: number;
  votesAgainst: number;
}

export type ResolutionProblem =
  /** more votes cast than members present */
  | { kind: 'votes_exceed_present'; cast: number; present: number }
  /** an approval without a majority of the members present (more than half) */
  | { kind: 'no_majority'; votesFor: number; present: number };

/** Whether the votes can have been cast at all: for + against never exceed the members present. */
export function votesExceedPresent(r: MeetingCounts): ResolutionProblem | undefined {
  const cast = r.votesFor + r.votesAgainst;
  return cast > r.membersPresent
    ? { kind: 'votes_exceed_present', cast, present: r.membersPresent }
    : undefined;
}

/** An approval needs more than half of the members present voting for it (a tie is no majority). */
export function hasMajority(r: Pick<MeetingCounts, 'membersPresent' | 'votesFor'>): boolean {
  return r.votesFor * 2 > r.membersPresent;
}

/**
 * What is wrong with a resolution for a decision, in the order a person would fix it: impossible counts
 * first, then (for an approval) the missing majority. Empty when the resolution carries the decision.
 */
export function resolutionProblems(
  decision: 'approve' | 'reject' | 'return',
  r: MeetingCounts,
): ResolutionProblem[] {
  const exceed = votesExceedPresent(r);
  if (exceed) return [exceed];
  if (decision === 'approve' && !hasMajority(r)) {
    return [{ kind: 'no_majority', votesFor: r.votesFor, present: r.membersPresent }];
  }
  return [];
}
