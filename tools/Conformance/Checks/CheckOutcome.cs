namespace Responses.Conformance.Checks;

public enum CheckOutcome
{
    Pass,
    Fail,
    Skip,
}
