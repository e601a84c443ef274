using System.Globalization;
using System.Text;

namespace SipLoad.Phones;

/// <summary>
/// The extension numbers and passwords of the simulated phones, derived from the first number and a per-run prefix,
/// so bench/sip/run.sh provisions the box and Kamailio with exactly what the generator will present.
/// </summary>
internal static class PhoneBook
{
    public static string Number(int firstNumber, int index) => (firstNumber + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The prefix followed by the number spelt in letters (0→a ... 9→j): long enough for the box's 12-character
    /// minimum and never containing the extension number, which the box refuses.
    /// </summary>
    public static string Password(string prefix, string number)
    {
        var builder = new StringBuilder(prefix.Length + number.Length + 1).Append(prefix).Append('-');
        foreach (var digit in number)
        {
            builder.Append((char)('a' + (digit - '0')));
        }

        return builder.ToString();
    }
}
