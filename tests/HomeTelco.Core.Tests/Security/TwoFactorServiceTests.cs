using HomeTelco.Core.Security;
using HomeTelco.Core.Users;
using OtpNet;

namespace HomeTelco.Core.Tests.Security;

public class TwoFactorServiceTests
{
    [Fact]
    public void Enable_WithCurrentCode_TurnsOnAndGivesTenRecoveryCodes()
    {
        using var box = new Services();
        var user = box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        var (secret, uri) = box.TwoFactor.BeginEnrollment(user, "HomeTelco");

        var codes = box.TwoFactor.Enable(user, Code(secret, box.Time.GetUtcNow()));

        Assert.StartsWith("otpauth://totp/HomeTelco%3Aanna?secret=", uri, StringComparison.Ordinal);
        Assert.Equal(10, codes.Count);
        Assert.True(box.Users.Find("anna")!.TotpEnabled);
    }

    [Fact]
    public void Verify_SameCodeTwice_SecondRefused()
    {
        using var box = new Services();
        var user = Enrolled(box, out var secret);
        box.Time.Advance(TimeSpan.FromSeconds(30));
        var code = Code(secret, box.Time.GetUtcNow());

        Assert.True(box.TwoFactor.Verify(user, code));
        Assert.False(box.TwoFactor.Verify(user, code));
    }

    [Fact]
    public void Verify_CodeFromFiveMinutesAgo_Refused()
    {
        using var box = new Services();
        var user = Enrolled(box, out var secret);
        var old = Code(secret, box.Time.GetUtcNow());

        box.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(box.TwoFactor.Verify(user, old));
    }

    [Fact]
    public void Verify_RecoveryCode_WorksOnce()
    {
        using var box = new Services();
        var user = box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        var (secret, _) = box.TwoFactor.BeginEnrollment(user, "HomeTelco");
        var codes = box.TwoFactor.Enable(user, Code(secret, box.Time.GetUtcNow()));

        Assert.True(box.TwoFactor.Verify(user, codes[3].ToUpperInvariant()));
        Assert.False(box.TwoFactor.Verify(user, codes[3]));
        Assert.Equal(9, box.Users.Find("anna")!.RecoveryCodeHashes.Count);
    }

    [Fact]
    public void SignIn_WithTwoFactor_NeedsSecondStep()
    {
        using var box = new Services();
        var user = Enrolled(box, out var secret);
        box.Time.Advance(TimeSpan.FromSeconds(30));

        var first = box.SignIn.CheckPassword("anna", "correct horse battery", "10.0.0.9");
        var second = box.SignIn.CheckSecondFactor(user.Id, Code(secret, box.Time.GetUtcNow()), "10.0.0.9");

        Assert.Equal(SignInOutcome.SecondFactorRequired, first.Outcome);
        Assert.Equal(SignInOutcome.Success, second.Outcome);
    }

    private static User Enrolled(Services box, out string secret)
    {
        var user = box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        (secret, _) = box.TwoFactor.BeginEnrollment(user, "HomeTelco");
        box.TwoFactor.Enable(user, Code(secret, box.Time.GetUtcNow()));
        return box.Users.Find("anna")!;
    }

    private static string Code(string secret, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at.UtcDateTime);
}
