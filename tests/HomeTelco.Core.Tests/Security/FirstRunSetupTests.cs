using HomeTelco.Core.Security;
using HomeTelco.Core.Users;

namespace HomeTelco.Core.Tests.Security;

public class FirstRunSetupTests
{
    [Fact]
    public void Start_EmptyStore_WritesPrivateCodeFile()
    {
        using var box = new Services();

        box.Setup.Start();

        Assert.True(box.Setup.IsOpen);
        var code = File.ReadAllText(box.Setup.CodeFile).Trim();
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", code);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(box.Setup.CodeFile));
    }

    [Fact]
    public void Start_Twice_IssuesNewCodeSoOldFileIsWorthless()
    {
        using var box = new Services();
        box.Setup.Start();
        var first = File.ReadAllText(box.Setup.CodeFile).Trim();

        box.Setup.Start();

        var second = File.ReadAllText(box.Setup.CodeFile).Trim();
        Assert.NotEqual(first, second);
        Assert.Equal(SetupOutcome.WrongCode, box.Setup.TryComplete(first, "anna", "correct horse battery", "a").Outcome);
    }

    [Fact]
    public void TryComplete_RightCodeTypedLoosely_CreatesAdminAndClosesForGood()
    {
        using var box = new Services();
        box.Setup.Start();
        var code = File.ReadAllText(box.Setup.CodeFile).Trim();

        var result = box.Setup.TryComplete(" " + code.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant(), "anna", "correct horse battery", "10.0.0.2");

        Assert.Equal(SetupOutcome.Created, result.Outcome);
        Assert.False(box.Setup.IsOpen);
        Assert.False(File.Exists(box.Setup.CodeFile));
        Assert.Equal(UserRole.Admin, box.Users.Find("anna")!.Role);
        Assert.Equal(SetupOutcome.Closed, box.Setup.TryComplete(code, "eve", "correct horse battery", "x").Outcome);

        // Even with every admin gone, a restart does not reopen setup.
        box.Users.Add("ben", "another long secret", UserRole.Admin);
        box.Users.Remove("anna");
        box.Setup.Start();
        Assert.False(box.Setup.IsOpen);
    }

    [Fact]
    public void TryComplete_WrongCodes_EachWaitLongerAndGuessesInsideTheWaitAreNotChecked()
    {
        using var box = new Services();
        box.Setup.Start();
        var code = File.ReadAllText(box.Setup.CodeFile).Trim();

        var first = box.Setup.TryComplete("AAAA-AAAA-AAAA", "anna", "correct horse battery", "a");
        Assert.Equal(SetupOutcome.WrongCode, first.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(1), first.RetryAfter);

        // Inside the wait even the right code is refused without being looked at.
        Assert.Equal(SetupOutcome.TooSoon, box.Setup.TryComplete(code, "anna", "correct horse battery", "b").Outcome);

        box.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), box.Setup.TryComplete("BBBB-BBBB-BBBB", "anna", "correct horse battery", "c").RetryAfter);
        box.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(4), box.Setup.TryComplete("CCCC-CCCC-CCCC", "anna", "correct horse battery", "d").RetryAfter);
        box.Time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(SetupOutcome.Created, box.Setup.TryComplete(code, "anna", "correct horse battery", "e").Outcome);
    }

    [Fact]
    public void TryComplete_RightCodeWeakPassword_InvalidAndStillOpenWithoutPenalty()
    {
        using var box = new Services();
        box.Setup.Start();
        var code = File.ReadAllText(box.Setup.CodeFile).Trim();

        Assert.Equal(SetupOutcome.Invalid, box.Setup.TryComplete(code, "anna", "short", "a").Outcome);

        Assert.True(box.Setup.IsOpen);
        Assert.Equal(SetupOutcome.Created, box.Setup.TryComplete(code, "anna", "correct horse battery", "a").Outcome);
    }

    [Fact]
    public void Start_StoreWithAdmin_ClosedAndStaleFileRemoved()
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        File.WriteAllText(box.Setup.CodeFile, "OLD0-OLD0-OLD0");

        box.Setup.Start();

        Assert.False(box.Setup.IsOpen);
        Assert.False(File.Exists(box.Setup.CodeFile));
    }
}
