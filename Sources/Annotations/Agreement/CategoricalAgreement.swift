/// Chance-corrected agreement of nominal ratings (image labels): the formulas of
/// scikit-learn's `cohen_kappa_score`, statsmodels' `fleiss_kappa` and the `krippendorff`
/// package's nominal alpha. Each returns nil where the figure is undefined (0/0: every rating
/// the same category, or too few ratings).
public enum CategoricalAgreement {
    /// The share of units (0–100) two raters put in the same category; nil with no unit.
    public static func percentAgreement(_ a: [String], _ b: [String]) -> Double? {
        precondition(a.count == b.count)
        guard !a.isEmpty else { return nil }
        return 100 * Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
    }

    /// Cohen's kappa of two raters over the same units: (pₒ − pₑ) / (1 − pₑ), pₑ from each
    /// rater's own category frequencies.
    public static func cohenKappa(_ a: [String], _ b: [String]) -> Double? {
        precondition(a.count == b.count)
        guard !a.isEmpty else { return nil }
        let n = Double(a.count)
        var countA: [String: Int] = [:], countB: [String: Int] = [:]
        var same = 0
        for (x, y) in zip(a, b) {
            countA[x, default: 0] += 1
            countB[y, default: 0] += 1
            if x == y { same += 1 }
        }
        let po = Double(same) / n
        let pe = countA.reduce(0.0) { $0 + Double($1.value) * Double(countB[$1.key] ?? 0) } / (n * n)
        guard 1 - pe > 1e-15 else { return nil }
        return (po - pe) / (1 - pe)
    }

    /// Fleiss' kappa: every unit rated by the same number m ≥ 2 of raters (`units[u]` holds its
    /// m categories). P̄ is the mean over units of Σⱼ nᵤⱼ(nᵤⱼ − 1) / (m(m − 1)), P̄ₑ = Σⱼ pⱼ².
    public static func fleissKappa(_ units: [[String]]) -> Double? {
        guard let m = units.first?.count, m >= 2, units.allSatisfy({ $0.count == m }) else { return nil }
        var total: [String: Int] = [:]
        var pSum = 0.0
        for unit in units {
            var counts: [String: Int] = [:]
            for c in unit { counts[c, default: 0] += 1 }
            for (c, k) in counts { total[c, default: 0] += k }
            let agreeing = counts.values.reduce(0) { $0 + $1 * ($1 - 1) }
            pSum += Double(agreeing) / Double(m * (m - 1))
        }
        let all = Double(units.count * m)
        let pBar = pSum / Double(units.count)
        let pe = total.values.reduce(0.0) { $0 + (Double($1) / all) * (Double($1) / all) }
        guard 1 - pe > 1e-15 else { return nil }
        return (pBar - pe) / (1 - pe)
    }

    /// Krippendorff's alpha for nominal data with missing ratings: `units[u][r]` is rater r's
    /// category for unit u, or nil. Units with fewer than two ratings are not pairable and left
    /// out. α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k, with the coincidences
    /// o_ck = Σᵤ (number of c–k pairs in u) / (mᵤ − 1).
    public static func krippendorffAlpha(_ units: [[String?]]) -> Double? {
        var disagreeing = 0.0
        var marginal: [String: Double] = [:]
        for unit in units {
            let values = unit.compactMap { $0 }
            let m = values.count
            guard m >= 2 else { continue }
            var counts: [String: Int] = [:]
            for c in values { counts[c, default: 0] += 1 }
            // Ordered pairs of different values: m² − Σ n_c².
            let same = counts.values.reduce(0) { $0 + $1 * $1 }
            disagreeing += Double(m * m - same) / Double(m - 1)
            for (c, k) in counts { marginal[c, default: 0] += Double(k) }
        }
        let n = marginal.values.reduce(0, +)
        guard n > 1 else { return nil }
        let expected = n * n - marginal.values.reduce(0) { $0 + $1 * $1 }
        guard expected > 0 else { return nil }
        return 1 - (n - 1) * disagreeing / expected
    }
}
