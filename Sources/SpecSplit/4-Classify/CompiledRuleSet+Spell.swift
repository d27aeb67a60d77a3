extension CompiledRuleSet {
    /// Combines the results of a spell's episodes (in episode order) into the spell's result,
    /// which every episode of the spell then gets:
    ///
    /// - the best-ranked national line over the episodes (lowest rank; on a tie the smaller
    ///   service line code, then the earlier episode), with its rule's category;
    /// - otherwise the first local match over the episodes in order;
    /// - otherwise `non-specialised`, `99999999`.
    ///
    /// The trail is the union of the episodes' matches: national rules in rule order, local
    /// rules in the order first met. The service group is worked out from the deciding
    /// episode's point of delivery and specialties (the first episode's when none decided),
    /// the derived fields are the first episode's. Allocation-free once `result` has grown.
    public func combineSpell(_ episodes: ArraySlice<Classification>, into result: inout Classification) {
        result.reset(defaultCategory: defaultCategory)
        guard let first = episodes.indices.first else { return }
        var decider = -1
        for index in episodes.indices where episodes[index].isNational {
            // Episodes are in order, so an equal rank and line keeps the earlier episode.
            if decider < 0
                || CompiledRuleSet.outranks(
                    episodes[index].nationalRank, episodes[index].serviceLine, 0,
                    episodes[decider].nationalRank, episodes[decider].serviceLine, 0)
            {
                decider = index
            }
        }
        if decider < 0, let local = episodes.indices.first(where: { episodes[$0].decidingRule != nil }) {
            decider = local
        }
        for index in episodes.indices {
            for rule in episodes[index].nationalMatches where !result.nationalMatches.contains(rule) {
                var position = result.nationalMatches.count
                result.nationalMatches.append(rule)
                while position > 0 && result.nationalMatches[position - 1] > rule {
                    result.nationalMatches.swapAt(position, position - 1)
                    position -= 1
                }
            }
            for rule in episodes[index].localMatches where !result.localMatches.contains(rule) {
                result.localMatches.append(rule)
            }
        }
        let source = decider >= 0 ? decider : first
        if decider >= 0 {
            result.category = episodes[decider].category
            result.serviceLine = episodes[decider].serviceLine
            result.decidingRule = episodes[decider].decidingRule
            result.nationalRank = episodes[decider].nationalRank
        }
        result.npoc = npoc(of: result.serviceLine)
        result.pod = episodes[source].pod
        result.treatmentFunction = episodes[source].treatmentFunction
        result.mainSpecialty = episodes[source].mainSpecialty
        result.serviceGroup = serviceGroup(
            pod: result.pod, treatmentFunction: result.treatmentFunction, mainSpecialty: result.mainSpecialty,
            serviceLine: result.serviceLine, category: result.category)
        result.practiceType = episodes[first].practiceType
        result.postcodeType = episodes[first].postcodeType
    }

    /// Combines the results of a spell's episodes, in episode order (see
    /// the `ArraySlice` form).
    public func combineSpell(_ episodes: [Classification], into result: inout Classification) {
        combineSpell(episodes[...], into: &result)
    }
}
