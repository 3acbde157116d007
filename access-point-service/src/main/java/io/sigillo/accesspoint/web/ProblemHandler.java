package io.sigillo.accesspoint.web;

import io.sigillo.accesspoint.submission.AccessPoint.RefusedSubmission;
import io.sigillo.accesspoint.submission.SubmissionRefused;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Maps refusals to RFC 9457 problem documents, with the failing field and the notice's identifier. */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(RefusedSubmission.class)
    ProblemDetail refused(RefusedSubmission e) {
        return problemOf(e);
    }

    /** The problem document of a refusal: status, reason, failing field and the notice's identifier. */
    public static ProblemDetail problemOf(RefusedSubmission e) {
        ProblemDetail problem = problem(e.refusal());
        if (e.noticeFor() != null) {
            problem.setProperty("messageId", e.noticeFor().value());
            problem.setProperty("nonAcceptanceNotice", true);
        }
        return problem;
    }

    @ExceptionHandler(SubmissionRefused.class)
    ProblemDetail unreadable(SubmissionRefused e) {
        return problem(e);
    }

    private static ProblemDetail problem(SubmissionRefused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.httpStatus()), e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }
}
