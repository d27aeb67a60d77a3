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
    public func combineSpell<Episodes: Collection>(_ episodes: Episodes, into result: inout Classification)
    where Episodes.Element == Classification {
        result.reset(defaultCategory: defaultCategory)
        guard let first = episodes.first else { return }
        var decider: Classification? = nil
        for episode in episodes where episode.isNational {
            guard let best = decider else {
                decider = episode
                continue
            }
            // Episodes are in order, so an equal rank and line keeps the earlier episode.
            if CompiledRuleSet.outranks(episode.nationalRank, episode.serviceLine, 0, best.nationalRank, best.serviceLine, 0) {
                decider = episode
            }
        }
        if decider == nil {
            for episode in episodes where episode.decidingRule != nil {
                decider = episode
                break
            }
        }
        for episode in episodes {
            for rule in episode.nationalMatches where !result.nationalMatches.contains(rule) {
                var position = result.nationalMatches.count
                result.nationalMatches.append(rule)
                while position > 0 && result.nationalMatches[position - 1] > rule {
                    result.nationalMatches.swapAt(position, position - 1)
                    position -= 1
                }
            }
            for rule in episode.localMatches where !result.localMatches.contains(rule) {
                result.localMatches.append(rule)
            }
        }
        let source = decider ?? first
        if let decider {
            result.category = decider.category
            result.serviceLine = decider.serviceLine
            result.decidingRule = decider.decidingRule
            result.nationalRank = decider.nationalRank
        }
        result.npoc = npoc(of: result.serviceLine)
        result.pod = source.pod
        result.treatmentFunction = source.treatmentFunction
        result.mainSpecialty = source.mainSpecialty
        result.serviceGroup = serviceGroup(
            pod: source.pod, treatmentFunction: source.treatmentFunction, mainSpecialty: source.mainSpecialty,
            serviceLine: result.serviceLine, category: result.category)
        result.practiceType = first.practiceType
        result.postcodeType = first.postcodeType
    }
}
