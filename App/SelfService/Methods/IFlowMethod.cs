using App.SelfService.Flows;

namespace App.SelfService.Methods;

/// <summary>
/// A way to sign in or sign up (Kratos strategy). A method adds its nodes to a flow and handles the
/// submissions it recognises; adding a method means adding a class, no flow changes.
/// </summary>
public interface IFlowMethod
{
    /// <summary>The Kratos method id: passkey, code, profile…</summary>
    string Name { get; }
    bool Enabled { get; }
    Task PopulateAsync(FlowContext context);
    Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission);
}

public interface ILoginMethod : IFlowMethod;

/// <summary>A second factor: it serves only aal2 login flows, for a session that already signed in.</summary>
public interface ISecondFactorLoginMethod : ILoginMethod;

public interface IRegistrationMethod : IFlowMethod;

/// <summary>A credential the signed-in identity can add or remove on the settings flow.</summary>
public interface ISettingsMethod : IFlowMethod;

/// <summary>A way back in for someone who lost every credential (Kratos recovery strategy).</summary>
public interface IRecoveryMethod : IFlowMethod;

/// <summary>A way to prove an address (Kratos verification strategy).</summary>
public interface IVerificationMethod : IFlowMethod;
