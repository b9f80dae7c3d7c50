-- GET of one URL with the headers given on the command line; prints the shared JSON report.
package.path = os.getenv("WRK_LIB") .. "/?.lua;" .. package.path
done = require("report").done
