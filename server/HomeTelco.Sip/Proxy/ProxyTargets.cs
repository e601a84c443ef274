using System.Text;
using HomeTelco.Core.Extensions;
using HomeTelco.Sip.Location;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// The target set of a request for one of the box's extensions (RFC 3261 §16.5): every unexpired binding, highest q
/// first. A NAT'd phone, or one registered over a connection, is reached over the flow its REGISTER came from, not at
/// the private address in its Contact.
/// </summary>
internal sealed class ProxyTargets(ExtensionService extensions, ISipLocation location, ProxyOptions options)
{
    /// <summary>The targets, or the status to answer: 404 for no such extension, 480 when none of its phones is registered.</summary>
    public (IReadOnlyList<ProxyTarget> Targets, int Status) Find(string? number)
    {
        if (string.IsNullOrEmpty(number) || extensions.Find(number) is null)
        {
            return ([], 404);
        }

        var targets = new List<ProxyTarget>(2);
        foreach (var binding in location.Lookup(number))
        {
            if (targets.Count >= options.MaxBranches)
            {
                break;
            }

            if (ToTarget(binding) is { } target)
            {
                targets.Add(target);
            }
        }

        return (targets, targets.Count == 0 ? 480 : 0);
    }

    private static ProxyTarget? ToTarget(SipBinding binding)
    {
        var contact = binding.ContactUri;
        if (contact is null)
        {
            var parsed = SipUriParser.Parse(Encoding.UTF8.GetBytes(binding.Contact));
            contact = parsed.IsSuccess ? parsed.Value : null;
        }

        if (contact is not { IsSip: true })
        {
            return null;
        }

        // RFC 5626 registrations are reached over their flow by definition; the others when NAT or a connection says so.
        var useFlow = binding.BehindNat || binding.IsOutbound || binding.Flow.ConnectionId is not null || binding.Path.Count > 0;
        var destination = useFlow ? binding.Flow : SipNextHop.Resolve(contact) ?? binding.Flow;
        return new ProxyTarget(contact, binding.Contact, destination, binding.Path);
    }
}
