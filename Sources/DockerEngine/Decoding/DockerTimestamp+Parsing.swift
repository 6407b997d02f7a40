// The byte-level RFC 3339 parser and the calendar arithmetic behind DockerTimestamp.
extension DockerTimestamp {
    /// Parses an RFC 3339 timestamp from raw bytes; the log assembler calls this on frame prefixes without
    /// building a `String` first.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> DockerTimestamp? {
        let count = bytes.count
        // "YYYY-MM-DDTHH:MM:SSZ" is the shortest valid form.
        guard count >= 20 else { return nil }

        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<(start + length) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        func byte(_ index: Int, is expected: Unicode.Scalar, or alternative: Unicode.Scalar? = nil) -> Bool {
            let actual = bytes[index]
            return actual == UInt8(ascii: expected) || alternative.map { actual == UInt8(ascii: $0) } == true
        }

        guard let year = number(0, 4), byte(4, is: "-"), let month = number(5, 2), byte(7, is: "-"),
            let day = number(8, 2), byte(10, is: "T", or: "t"), let hour = number(11, 2), byte(13, is: ":"),
            let minute = number(14, 2), byte(16, is: ":"), let second = number(17, 2)
        else { return nil }

        var index = 19
        var nanos = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < count, bytes[index] &- UInt8(ascii: "0") < 10 {
                // Digits past the ninth are below a nanosecond: Go truncates them too.
                if index - start < 9 { nanos = nanos * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                index += 1
            }
            let digits = index - start
            guard digits > 0 else { return nil }
            for _ in min(digits, 9)..<9 { nanos *= 10 }
        }

        guard index < count else { return nil }
        var offsetSeconds = 0
        if byte(index, is: "Z", or: "z") {
            index += 1
        } else if byte(index, is: "+", or: "-") {
            guard index + 6 == count, let offsetHours = number(index + 1, 2), byte(index + 3, is: ":"),
                let offsetMinutes = number(index + 4, 2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (byte(index, is: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == count else { return nil }

        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month), hour < 24,
            minute < 60, second < 60
        else { return nil }

        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return DockerTimestamp(seconds: seconds, nanoseconds: Int32(nanos))
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (era * 400 + yearOfEra + (month <= 2 ? 1 : 0), month, day)
    }

    /// Division rounding towards negative infinity, so times before 1970 land on the right day.
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }

    static func appendDigits(_ value: UInt64, width: Int, to out: inout [UInt8]) {
        // Least significant digit first, then reversed in place: no temporary array.
        let start = out.count
        var rest = value
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0 || out.count - start < width
        out[start...].reverse()
    }
}
