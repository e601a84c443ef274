using System.Globalization;
using System.Text;
using HomeTelco.Sip.Location;
using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Registrar;

/// <summary>The registrar's 200 OK (RFC 3261 §10.3 step 8): every current binding with the time it has left, and a Date.</summary>
internal static class SipRegisterResponses
{
    /// <param name="request">The REGISTER.</param>
    /// <param name="bindings">The extension's bindings now, highest q first.</param>
    /// <param name="now">The registrar's clock.</param>
    /// <param name="echoPath">Copy the request's Path (RFC 3327 §5.3: only when the phone said it supports path).</param>
    /// <param name="requireOutbound">Say <c>Require: outbound</c> (RFC 5626 §6: the registrar applied outbound to a flow).</param>
    public static SipMessage Ok(SipMessage request, IReadOnlyList<SipBinding> bindings, DateTimeOffset now, bool echoPath, bool requireOutbound)
    {
        var response = SipResponseBuilder.CreateResponse(request, 200);
        var builder = new StringBuilder(128);
        foreach (var binding in bindings)
        {
            response.Headers.Add("Contact", FormatContact(builder.Clear(), binding, now));
        }

        if (echoPath)
        {
            foreach (var header in request.Headers)
            {
                if (header.Kind == SipHeaderKind.Unknown && header.HasName("Path"u8))
                {
                    response.Headers.Add(header);
                }
            }
        }

        if (requireOutbound)
        {
            response.Headers.Set(SipHeaderKind.Require, "outbound");
        }

        response.Headers.Set(SipHeaderKind.Date, now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture));
        return response;
    }

    private static string FormatContact(StringBuilder builder, SipBinding binding, DateTimeOffset now)
    {
        // Whole seconds rounded up, so a binding that has a fraction of a second left is not reported as gone.
        var left = Math.Max(0, (long)Math.Ceiling((binding.ExpiresAt - now).TotalSeconds));
        builder.Append('<').Append(binding.Contact).Append(">;expires=").Append(left.ToString(CultureInfo.InvariantCulture));
        if (binding.Q < 1f)
        {
            builder.Append(";q=").Append(binding.Q.ToString("0.###", CultureInfo.InvariantCulture));
        }

        if (binding.InstanceId is { } instance)
        {
            builder.Append(";+sip.instance=\"");
            foreach (var c in instance)
            {
                if (c is '"' or '\\')
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }

            builder.Append('"');
        }

        if (binding.RegId is { } regId)
        {
            builder.Append(";reg-id=").Append(regId.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
