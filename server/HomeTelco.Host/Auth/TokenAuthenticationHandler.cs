using System.Text.Encodings.Web;
using HomeTelco.Core.Security;
using HomeTelco.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HomeTelco.Host.Auth;

/// <summary>Authenticates <c>Authorization: Bearer ht_...</c> against the store's API tokens.</summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var user = tokens.Authenticate(header[BearerPrefix.Length..].Trim());
        if (user is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown or revoked API token."));
        }

        var principal = BoxClaims.For(user, PortalAuth.TokenScheme, "token");
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, PortalAuth.TokenScheme)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"hometelco\"";
        return Task.CompletedTask;
    }
}
