"""`python -m maeul.bench …`"""

import sys

from maeul.bench.run import main

sys.exit(main())
