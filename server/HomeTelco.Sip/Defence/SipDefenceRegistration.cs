using HomeTelco.Core.SipSecurity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HomeTelco.Sip.Defence;

/// <summary>How the host configures the SIP defence (without it the defaults hold: no allowlist).</summary>
public static class SipDefenceRegistration
{
    /// <param name="builder">The host being composed.</param>
    /// <param name="allowlist">Addresses and ranges never banned automatically and given a known phone's allowance.</param>
    public static IHostApplicationBuilder AddSipDefence(this IHostApplicationBuilder builder, IReadOnlyList<IpRange> allowlist)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(allowlist);
        var options = SipGuardOptions.Default with { Allowlist = allowlist };
        options.Validate();
        builder.Services.AddSingleton(options);
        return builder;
    }
}
