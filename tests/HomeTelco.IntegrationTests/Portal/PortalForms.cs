using System.Net;
using System.Text.RegularExpressions;

namespace HomeTelco.IntegrationTests.Portal;

/// <summary>Posts the portal's server-rendered forms the way a browser without script would: token from the page, fields by name.</summary>
internal static partial class PortalForms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName, IReadOnlyDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, $"no antiforgery token on {path}");
        var values = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(values));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
