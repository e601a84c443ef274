using HomeTelco.Core.Security;
using HomeTelco.Core.Users;

namespace HomeTelco.Core.Tests.Security;

public class SignInServiceTests
{
    [Fact]
    public void CheckPassword_SixWrongForOneUser_ThrottledEvenWithRightPassword()
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(SignInOutcome.Failed, box.SignIn.CheckPassword("anna", "guess " + i, "10.0.0." + i).Outcome);
        }

        var blocked = box.SignIn.CheckPassword("anna", "correct horse battery", "10.0.0.99");

        Assert.Equal(SignInOutcome.Throttled, blocked.Outcome);
        Assert.True(blocked.RetryAfter > TimeSpan.Zero);
        box.Time.Advance(blocked.RetryAfter);
        Assert.Equal(SignInOutcome.Success, box.SignIn.CheckPassword("anna", "correct horse battery", "10.0.0.99").Outcome);
    }

    [Fact]
    public void CheckPassword_OneAddressSprayingManyUsers_ThrottledPerAddress()
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        for (var i = 0; i < 21; i++)
        {
            box.SignIn.CheckPassword("user" + i, "guess", "192.0.2.7");
        }

        Assert.Equal(SignInOutcome.Throttled, box.SignIn.CheckPassword("anna", "correct horse battery", "192.0.2.7").Outcome);
        Assert.Equal(SignInOutcome.Success, box.SignIn.CheckPassword("anna", "correct horse battery", "192.0.2.8").Outcome);
    }

    [Fact]
    public void Throttle_FloodOfDistinctKeys_StaysBounded()
    {
        var throttle = new AttemptThrottle(TimeProvider.System, freeFailures: 0, capacity: 64);

        for (var i = 0; i < 10_000; i++)
        {
            throttle.Fail("k" + i);
        }

        Assert.True(throttle.Count <= 64);
    }
}
