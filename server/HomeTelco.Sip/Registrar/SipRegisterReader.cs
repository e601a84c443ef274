using System.Globalization;
using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Registrar;

/// <summary>
/// Reads an authenticated REGISTER into a <see cref="SipRegisterRequest"/>, or the refusal RFC 3261 §10.3 step 6 and
/// its extensions call for: 400 for a malformed Contact or Path or a misused wildcard, 421 for Path without
/// <c>Supported: path</c>, 423 for a too-short expiry, 403 for more contacts than an extension may hold.
/// </summary>
internal static class SipRegisterReader
{
    public static SipRegisterRequest? Read(SipMessage request, string number, SipEndPoint flow, RegistrarOptions options, DateTimeOffset now, out SipMessage? refusal)
    {
        refusal = null;
        var supported = request.Headers.Contains(SipHeaderKind.Supported) ? request.GetTokens(SipHeaderKind.Supported) : null;
        var path = ReadPath(request, out var firstHopHasOb, out var pathError);
        if (pathError is not null)
        {
            refusal = SipResponseBuilder.CreateResponse(request, 400, pathError);
            return null;
        }

        if (path.Count > 0 && !HasToken(supported, "path"))
        {
            // RFC 3327 §5.3: without the phone's support the box could not echo the Path, and routing to the phone
            // without it would bypass the edge proxy the phone registered through.
            refusal = SipResponseBuilder.CreateResponse(request, 421);
            refusal.Headers.Set(SipHeaderKind.Require, "path");
            return null;
        }

        var contacts = request.GetContacts();
        if (!contacts.IsSuccess)
        {
            refusal = SipResponseBuilder.CreateResponse(request, 400, "Malformed Contact header");
            return null;
        }

        uint? headerExpires = request.TryGetExpires(out var seconds) ? seconds : null;
        var common = new Common(number, request.GetCallId() ?? "", request.GetCSeq().Value?.Number ?? 0, flow, path, now, options);
        var list = contacts.Value;
        if (list.Exists(c => c.IsWildcard))
        {
            if (list.Count != 1 || headerExpires != 0)
            {
                refusal = SipResponseBuilder.CreateResponse(request, 400, "Contact * needs Expires: 0 and no other contact");
                return null;
            }

            return Build(common, request, [], isWildcard: true);
        }

        if (list.Count > options.MaxContactsPerExtension)
        {
            refusal = SipResponseBuilder.CreateResponse(request, 403, $"At most {options.MaxContactsPerExtension} contacts per extension");
            return null;
        }

        var viaDiffers = SipNatDetector.ViaDiffers(request, flow);
        var firstHopIsOutbound = path.Count == 0 || firstHopHasOb;
        var read = new List<SipRegisterContact>(list.Count);
        var outboundContacts = 0;
        foreach (var contact in list)
        {
            var parsed = ReadContact(contact, headerExpires, options, viaDiffers, firstHopIsOutbound, flow, out var error);
            if (parsed is null)
            {
                refusal = error!.Value.Status == 423
                    ? MinExpires(request, options.MinExpires)
                    : SipResponseBuilder.CreateResponse(request, error.Value.Status, error.Value.Reason);
                return null;
            }

            outboundContacts += parsed.IsOutbound ? 1 : 0;
            read.Add(parsed);
        }

        if (outboundContacts > 1)
        {
            // RFC 5626 §6: one flow per REGISTER, so a single instance/reg-id pair is all a request can bind.
            refusal = SipResponseBuilder.CreateResponse(request, 400, "Only one Contact may carry a reg-id");
            return null;
        }

        return Build(common, request, read, isWildcard: false);
    }

    private static SipRegisterContact? ReadContact(SipNameAddress contact, uint? headerExpires, RegistrarOptions options, bool viaDiffers, bool firstHopIsOutbound, SipEndPoint flow, out (int Status, string Reason)? error)
    {
        error = null;
        var uri = contact.Uri!;
        if (!uri.IsSip)
        {
            // RFC 3261 allows any scheme in a Contact, but the box can only call SIP ones.
            error = (400, "Contact must be a SIP or SIPS URI");
            return null;
        }

        // §10.3 step 7: the contact's own expires, else the Expires header, else the registrar's default.
        var expires = contact.Expires ?? headerExpires ?? options.DefaultExpires;
        if (expires != 0 && expires < options.MinExpires)
        {
            error = (423, "");
            return null;
        }

        var q = contact.QualityPerMille;
        if (q is null && contact.Has("q"))
        {
            error = (400, "Malformed q value in Contact");
            return null;
        }

        var instance = contact.Parameters.Count > 0 ? Unquote(contact.Get("+sip.instance")) : null;
        int? regId = int.TryParse(contact.Get("reg-id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

        // RFC 5626 §6: reg-id means nothing without an instance, and a flow only exists where the box is the first hop
        // or the edge proxy that was said so with ;ob.
        if (instance is null || !firstHopIsOutbound)
        {
            regId = null;
        }

        return new SipRegisterContact(
            uri,
            uri.ToString(),
            Math.Min(expires, options.MaxExpires),
            (q ?? 1000) / 1000f,
            instance,
            regId,
            viaDiffers || SipNatDetector.ContactDiffers(uri, flow));
    }

    private static SipRegisterRequest Build(Common common, SipMessage request, IReadOnlyList<SipRegisterContact> contacts, bool isWildcard) => new()
    {
        Number = common.Number,
        CallId = common.CallId,
        CSeq = common.CSeq,
        IsWildcard = isWildcard,
        Contacts = contacts,
        Flow = common.Flow,
        Path = common.Path,
        UserAgent = request.Headers.TryGetFirst(SipHeaderKind.UserAgent, out var ua) ? Truncate(ua.Value, 256) : null,
        Now = common.Now,
        MaxContacts = common.Options.MaxContactsPerExtension,
    };

    /// <summary>
    /// Path values (each may list several, comma-separated) as name-addr text, top first. The last one is the proxy
    /// nearest the phone; <paramref name="firstHopHasOb"/> says whether it terminates flows (RFC 5626 §5.1 "ob").
    /// </summary>
    private static List<string> ReadPath(SipMessage request, out bool firstHopHasOb, out string? error)
    {
        error = null;
        firstHopHasOb = false;
        var values = new List<string>();
        List<SipNameAddress>? parsed = null;
        foreach (var header in request.Headers)
        {
            if (header.Kind != SipHeaderKind.Unknown || !header.HasName("Path"u8))
            {
                continue;
            }

            parsed ??= new List<SipNameAddress>(2);
            parsed.Clear();
            if (!SipNameAddressParser.ParseList(header.RawValue.Span, parsed, allowWildcard: false, requireBrackets: true).IsSuccess)
            {
                error = "Malformed Path header";
                return values;
            }

            foreach (var value in parsed)
            {
                values.Add(FormatNameAddress(value));
                firstHopHasOb = value.Uri!.HasParameter("ob");
            }
        }

        return values;
    }

    private static string FormatNameAddress(SipNameAddress value)
    {
        var text = "<" + value.Uri + ">";
        foreach (var parameter in value.Parameters)
        {
            text += parameter.Value is null ? ";" + parameter.Name : ";" + parameter.Name + "=" + parameter.Value;
        }

        return text;
    }

    private static SipMessage MinExpires(SipMessage request, uint minimum)
    {
        var response = SipResponseBuilder.CreateResponse(request, 423);
        response.Headers.Set(SipHeaderKind.MinExpires, minimum.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    internal static bool HasToken(List<string>? tokens, string token) =>
        tokens is not null && tokens.Exists(t => string.Equals(t, token, StringComparison.OrdinalIgnoreCase));

    private static string? Unquote(string? value) =>
        value is { Length: >= 2 } && value[0] == '"' && value[^1] == '"' ? new Syntax.SipParameter("", value).UnquotedValue : value;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private sealed record Common(string Number, string CallId, uint CSeq, SipEndPoint Flow, IReadOnlyList<string> Path, DateTimeOffset Now, RegistrarOptions Options);
}
