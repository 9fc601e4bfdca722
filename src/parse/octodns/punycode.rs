//! Punycode (RFC 3492), the encoding of an internationalised label's `xn--` form.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 0x80;

/// Encode `input` (RFC 3492 §6.3); None if the arithmetic would overflow, which only inputs far
/// longer than a DNS label can make it do.
pub fn encode(input: &str) -> Option<String> {
    let chars: Vec<u32> = input.chars().map(u32::from).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = output.len() as u32;
    if basic > 0 {
        output.push('-');
    }
    let mut n = INITIAL_N;
    let mut delta: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let mut handled = basic;
    let total = chars.len() as u32;
    while handled < total {
        let m = chars.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &chars {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

fn digit(d: u32) -> char {
    match d {
        0..=25 => char::from(b'a' + d as u8),
        _ => char::from(b'0' + (d - 26) as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::encode;

    fn from_code_points(points: &[u32]) -> String {
        points.iter().map(|&p| char::from_u32(p).unwrap()).collect()
    }

    /// RFC 3492 §7.1 sample strings (the encoder writes its digits in lower case; the mixed
    /// case of the RFC's outputs is only in the basic code points it copies).
    #[test]
    fn rfc_3492_samples() {
        let samples: &[(&[u32], &str)] = &[
            // (A) Arabic (Egyptian)
            (
                &[
                    0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644, 0x0645,
                    0x0648, 0x0634, 0x0639, 0x0631, 0x0628, 0x064A, 0x061F,
                ],
                "egbpdaj6bu4bxfgehfvwxn",
            ),
            // (B) Chinese (simplified)
            (
                &[
                    0x4ED6, 0x4EEC, 0x4E3A, 0x4EC0, 0x4E48, 0x4E0D, 0x8BF4, 0x4E2D, 0x6587,
                ],
                "ihqwcrb4cv8a8dqg056pqjye",
            ),
            // (D) Czech
            (
                &[
                    0x0050, 0x0072, 0x006F, 0x010D, 0x0070, 0x0072, 0x006F, 0x0073, 0x0074, 0x011B,
                    0x006E, 0x0065, 0x006D, 0x006C, 0x0075, 0x0076, 0x00ED, 0x010D, 0x0065, 0x0073,
                    0x006B, 0x0079,
                ],
                "Proprostnemluvesky-uyb24dma41a",
            ),
            // (E) Hebrew
            (
                &[
                    0x05DC, 0x05DE, 0x05D4, 0x05D4, 0x05DD, 0x05E4, 0x05E9, 0x05D5, 0x05D8, 0x05DC,
                    0x05D0, 0x05DE, 0x05D3, 0x05D1, 0x05E8, 0x05D9, 0x05DD, 0x05E2, 0x05D1, 0x05E8,
                    0x05D9, 0x05EA,
                ],
                "4dbcagdahymbxekheh6e0a7fei0b",
            ),
            // (I) Russian (Cyrillic), the RFC's case annotations left out
            (
                &[
                    0x043F, 0x043E, 0x0447, 0x0435, 0x043C, 0x0443, 0x0436, 0x0435, 0x043E, 0x043D,
                    0x0438, 0x043D, 0x0435, 0x0433, 0x043E, 0x0432, 0x043E, 0x0440, 0x044F, 0x0442,
                    0x043F, 0x043E, 0x0440, 0x0443, 0x0441, 0x0441, 0x043A, 0x0438,
                ],
                "b1abfaaepdrnnbgefbadotcwatmq2g4l",
            ),
            // (K) Vietnamese
            (
                &[
                    0x0054, 0x1EA1, 0x0069, 0x0073, 0x0061, 0x006F, 0x0068, 0x1ECD, 0x006B, 0x0068,
                    0x00F4, 0x006E, 0x0067, 0x0074, 0x0068, 0x1EC3, 0x0063, 0x0068, 0x1EC9, 0x006E,
                    0x00F3, 0x0069, 0x0074, 0x0069, 0x1EBF, 0x006E, 0x0067, 0x0056, 0x0069, 0x1EC7,
                    0x0074,
                ],
                "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g",
            ),
            // (L) 3<nen>B<gumi><kinpachi><sensei>
            (
                &[
                    0x0033, 0x5E74, 0x0042, 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F,
                ],
                "3B-ww4c5e180e575a65lsy2b",
            ),
            // (M) <amuro><namie>-with-SUPER-MONKEYS
            (
                &[
                    0x5B89, 0x5BA4, 0x5948, 0x7F8E, 0x6075, 0x002D, 0x0077, 0x0069, 0x0074, 0x0068,
                    0x002D, 0x0053, 0x0055, 0x0050, 0x0045, 0x0052, 0x002D, 0x004D, 0x004F, 0x004E,
                    0x004B, 0x0045, 0x0059, 0x0053,
                ],
                "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n",
            ),
            // (S) -> $1.00 <-  (basic code points only)
            (
                &[
                    0x002D, 0x003E, 0x0020, 0x0024, 0x0031, 0x002E, 0x0030, 0x0030, 0x0020, 0x003C,
                    0x002D,
                ],
                "-> $1.00 <--",
            ),
        ];
        for (points, expected) in samples {
            assert_eq!(
                encode(&from_code_points(points)).as_deref(),
                Some(*expected)
            );
        }
        assert_eq!(encode("bücher").as_deref(), Some("bcher-kva"));
    }
}
