using HomeTelco.Core.Extensions;
using HomeTelco.Sip.Auth;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Engine;
using HomeTelco.Sip.Location;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Uris;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Registrar;

/// <summary>
/// The registrar (RFC 3261 §10.3) with RFC 3327 Path and the basics of RFC 5626 outbound. It runs with the transaction
/// lock held, so everything here is memory work: credentials come from the extensions' snapshot and bindings are
/// written behind by the location service. The order of the checks matters for privacy: nothing about an extension
/// is answered before digest authentication, and an unknown extension gets the same 401 as a wrong password.
/// </summary>
internal sealed class SipRegistrar : IDisposable
{
    /// <summary>Option tags a REGISTER may require of this registrar.</summary>
    private static readonly string[] Understood = ["path", "outbound"];

    private readonly SipLocationService _location;
    private readonly SipAuthenticator _authenticator;
    private readonly SipDomains _domains;
    private readonly SipGuard _guard;
    private readonly ExtensionService _extensions;
    private readonly RegistrarOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SipRegistrar(SipLocationService location, SipAuthenticator authenticator, SipDomains domains, SipGuard guard, ExtensionService extensions, RegistrarOptions options, TimeProvider time, ILogger logger)
    {
        var invalid = options.Validate();
        if (invalid is not null)
        {
            throw new ArgumentException(invalid, nameof(options));
        }

        _location = location;
        _authenticator = authenticator;
        _domains = domains;
        _guard = guard;
        _extensions = extensions;
        _options = options;
        _time = time;
        _logger = logger;
        _extensions.Changed += OnExtensionChanged;
    }

    public void OnRegister(SipServerTransaction transaction, SipMessage request)
    {
        var source = transaction.Remote;
        var requestUri = request.RequestUri!;

        // Step 1: only the box's own domains; the box does not forward registrations elsewhere.
        if (!_domains.IsLocal(requestUri.Host))
        {
            _guard.ProbedUnknown(source, requestUri.Host);
            transaction.SendResponse(SipResponseBuilder.CreateResponse(request, 403, "Not a domain of this box"));
            return;
        }

        // Step 2 (§8.2.2.3): refuse extensions the registrar does not know before doing anything they would change.
        if (Unsupported(request) is { } unsupported)
        {
            var response = SipResponseBuilder.CreateResponse(request, 420);
            response.Headers.Set(SipHeaderKind.Unsupported, unsupported);
            transaction.SendResponse(response);
            return;
        }

        // Step 3: digest. An unknown extension and a wrong password get the same challenge.
        var user = _authenticator.Authenticate(request, DigestRole.Registrar, source, out var challenge);
        if (user is null)
        {
            transaction.SendResponse(challenge!);
            return;
        }

        // Steps 4 and 5: a phone registers its own extension only, in one of the box's domains.
        var to = request.GetTo().Value!.Uri!;
        if (!string.Equals(to.User, user, StringComparison.Ordinal))
        {
            transaction.SendResponse(SipResponseBuilder.CreateResponse(request, 403, "Credentials are for another extension"));
            return;
        }

        if (!IsOurAddress(to, requestUri))
        {
            transaction.SendResponse(SipResponseBuilder.CreateResponse(request, 404, "Address of record is not in this domain"));
            return;
        }

        var now = _time.GetUtcNow();
        var register = SipRegisterReader.Read(request, user, source, _options, now, out var refusal);
        if (register is null)
        {
            transaction.SendResponse(refusal!);
            return;
        }

        var echoPath = register.Path.Count > 0;
        if (register.IsQuery)
        {
            transaction.SendResponse(SipRegisterResponses.Ok(request, _location.Lookup(user), now, echoPath, requireOutbound: false));
            return;
        }

        switch (_location.Update(user, register, SipBindingMerge.Apply, out var current))
        {
            case SipBindingUpdate.Aborted:
                // §10.3 step 7: "the update MUST be aborted and the request fails"; §10.3 names 500 for a failed update.
                transaction.SendResponse(SipResponseBuilder.CreateResponse(request, 500, "REGISTER out of order (CSeq not higher for this Call-ID)"));
                return;
            case SipBindingUpdate.Full:
                Log.RegistrationsFull(_logger, user, source.EndPoint, _location.Count);
                var full = SipResponseBuilder.CreateResponse(request, 503, "Registration table full");
                full.Headers.Add("Retry-After", "300");
                transaction.SendResponse(full);
                return;
        }

        // The endpoint, not its text: formatted only when debug logging is on (this runs for every REGISTER).
        Log.Registered(_logger, user, current.Length, source.EndPoint);
        PinFlow(source, current);
        var requireOutbound = UsedOutbound(register) && SipRegisterReader.HasToken(request.GetTokens(SipHeaderKind.Supported), "outbound");
        transaction.SendResponse(SipRegisterResponses.Ok(request, current, now, echoPath, requireOutbound));
    }

    /// <summary>
    /// Keeps a stream connection open while a binding needs it (set by the engine to the connection table's Pin):
    /// phones on TCP often send nothing between re-registrations, and behind NAT the box cannot open a new connection.
    /// </summary>
    public Action<long, DateTimeOffset>? PinConnection { get; set; }

    public void Dispose() => _extensions.Changed -= OnExtensionChanged;

    private void PinFlow(SipEndPoint source, SipBinding[] current)
    {
        if (PinConnection is not { } pin || source.ConnectionId is not { } connectionId)
        {
            return;
        }

        var until = DateTimeOffset.MinValue;
        foreach (var binding in current)
        {
            if (binding.Flow.ConnectionId == connectionId && binding.ExpiresAt > until)
            {
                until = binding.ExpiresAt;
            }
        }

        if (until > DateTimeOffset.MinValue)
        {
            // A little past expiry, so a phone refreshing right at the end does not find its connection closed.
            pin(connectionId, until + TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The comma-separated Require tags this registrar does not understand, or null.</summary>
    private static string? Unsupported(SipMessage request)
    {
        if (!request.Headers.Contains(SipHeaderKind.Require))
        {
            return null;
        }

        List<string>? unknown = null;
        foreach (var tag in request.GetTokens(SipHeaderKind.Require) ?? [])
        {
            if (Array.FindIndex(Understood, u => string.Equals(u, tag, StringComparison.OrdinalIgnoreCase)) < 0)
            {
                (unknown ??= []).Add(tag);
            }
        }

        return unknown is null ? null : string.Join(", ", unknown);
    }

    /// <summary>The To host must name the box too; phones usually copy the Request-URI host, which passed already.</summary>
    private bool IsOurAddress(SipUri to, SipUri requestUri) =>
        string.Equals(to.Host, requestUri.Host, StringComparison.OrdinalIgnoreCase) || _domains.IsLocal(to.Host);

    private static bool UsedOutbound(SipRegisterRequest register)
    {
        foreach (var contact in register.Contacts)
        {
            if (contact.IsOutbound && contact.Expires > 0)
            {
                return true;
            }
        }

        return false;
    }

    private void OnExtensionChanged(string number)
    {
        if (_extensions.Find(number) is not null)
        {
            return;
        }

        var removed = _location.RemoveAll(number);
        if (removed > 0)
        {
            Log.ExtensionBindingsRemoved(_logger, number, removed);
        }
    }
}
