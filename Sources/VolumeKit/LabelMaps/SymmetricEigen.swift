/// Eigenvalues and eigenvectors of a small real symmetric matrix by cyclic Jacobi rotations:
/// what numpy's `eigh` gives (to rounding) for the 3×3 and 4×4 matrices of the qform maths.
enum SymmetricEigen {
    /// `values[n]` with its unit eigenvector `vectors[n]`, values in ascending order.
    static func decompose(_ matrix: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
        let n = matrix.count
        var a = matrix
        var v = (0..<n).map { r in (0..<n).map { c in r == c ? 1.0 : 0.0 } }
        for _ in 0..<64 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<n { off += a[p][q] * a[p][q] } }
            if off < 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    // The rotation that zeroes a[p][q] (Golub & Van Loan, algorithm 8.4.1).
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0][$0] < a[$1][$1] }
        return (order.map { a[$0][$0] }, order.map { col in (0..<n).map { v[$0][col] } })
    }
}
